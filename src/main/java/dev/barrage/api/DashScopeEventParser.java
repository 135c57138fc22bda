package dev.barrage.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads one event of DashScope's native SSE stream ({@code event:result} frames, a
 * {@code :HTTP_STATUS/200} comment line, {@code data:} without a space) with Jackson's streaming
 * parser, on the I/O thread after the event's arrival was stamped. The data object holds:
 * <ul>
 *   <li>{@code output.choices[0].message.content} / {@code .reasoning_content} (result format
 *       "message") or {@code output.text} (format "text"): with {@code incremental_output} only
 *       the new text — a token event when non-empty;</li>
 *   <li>{@code output.choices[0].finish_reason}: the string {@code "null"} until the last event;</li>
 *   <li>{@code usage}, in every event and cumulative: {@code input_tokens}, {@code output_tokens},
 *       {@code output_tokens_details.reasoning_tokens}, {@code prompt_tokens_details.cached_tokens};</li>
 *   <li>on failure ({@code event:error}) a top-level {@code code} and {@code message}.</li>
 * </ul>
 * Stateless.
 */
final class DashScopeEventParser {

    private DashScopeEventParser() {
    }

    /** What one event said; allocated per event. */
    private static final class Event {
        String content;
        String reasoning;
        String finish;
        String code;
        String message;

        void addContent(String s) {
            if (s != null && !s.isEmpty()) {
                content = content == null ? s : content + s;
            }
        }
    }

    static void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.countDataEvent();
        Event e = new Event();
        boolean read = StreamJson.readObject(data, length, state, (p, field, value) -> {
            switch (field) {
                case "output" -> readOutput(p, value, e);
                case "usage" -> StreamJson.readUsage(p, value, state, StreamJson.UsageNames.DASHSCOPE);
                case "code" -> e.code = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "message" -> e.message = value == JsonToken.VALUE_STRING ? p.getText() : null;
                default -> p.skipChildren();
            }
        });
        if (!read) {
            return;
        }
        if (e.code != null && !e.code.isEmpty()) {
            state.setBodyError(e.message != null ? e.message : e.code);
        }
        if (e.content != null || e.reasoning != null && !e.reasoning.isEmpty()) {
            state.addTokenEvent(arrivalNanos, e.content, e.reasoning != null && !e.reasoning.isEmpty() ? e.reasoning : null);
        }
        if (e.finish != null && !e.finish.equals("null")) {
            state.setFinishReason(e.finish);
            state.markDone();
        }
    }

    private static void readOutput(JsonParser p, JsonToken value, Event e) throws IOException {
        StreamJson.readFields(p, value, (in, field, v) -> {
            switch (field) {
                case "choices" -> readChoices(in, v, e);
                case "text" -> e.addContent(v == JsonToken.VALUE_STRING ? in.getText() : null);
                case "finish_reason" -> e.finish = v == JsonToken.VALUE_STRING ? in.getText() : e.finish;
                default -> in.skipChildren();
            }
        });
    }

    private static void readChoices(JsonParser p, JsonToken value, Event e) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("message") && v == JsonToken.START_OBJECT) {
                    readMessage(p, e);
                } else if (field.equals("finish_reason") && v == JsonToken.VALUE_STRING) {
                    e.finish = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void readMessage(JsonParser p, Event e) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
            switch (field) {
                case "content" -> e.addContent(text);
                case "reasoning_content" -> e.reasoning = text;
                default -> p.skipChildren();
            }
        }
    }

}
