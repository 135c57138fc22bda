package dev.barrage.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads one Messages API streaming event with Jackson's streaming parser, on the I/O thread after
 * the event's arrival was stamped. Each event's data is an object with a {@code type}:
 * <ul>
 *   <li>{@code content_block_delta}: {@code delta} is {@code text_delta} ({@code text}: reply
 *       content) or {@code thinking_delta} ({@code thinking}: reasoning) — a token event when
 *       non-empty; other deltas (tool input JSON, signatures) are not;</li>
 *   <li>{@code message_start}: {@code message.usage} with {@code input_tokens},
 *       {@code cache_creation_input_tokens}, {@code cache_read_input_tokens} and a first
 *       {@code output_tokens};</li>
 *   <li>{@code message_delta}: cumulative {@code usage} (at least {@code output_tokens}) and
 *       {@code delta.stop_reason};</li>
 *   <li>{@code message_stop}: the end; {@code error}: {@code error.message} fails the request;</li>
 *   <li>{@code ping}, {@code content_block_start}, {@code content_block_stop}: nothing to count.</li>
 * </ul>
 * Input tokens are reported as the prompt's total, {@code input_tokens +
 * cache_creation_input_tokens + cache_read_input_tokens} (Anthropic's {@code input_tokens} leaves
 * cached tokens out), and {@code cache_read_input_tokens} as the cached tokens. Stateless.
 */
final class AnthropicEventParser {

    private AnthropicEventParser() {
    }

    /** Usage counts as one event reports them; -1 = not in the event. */
    static final class Usage {
        int input = -1;
        int output = -1;
        int cacheCreation = -1;
        int cacheRead = -1;

        void applyTo(ResponseState state) {
            int invalid = ResponseState.INVALID;
            // a sum of plausible counts stays well inside an int; any invalid part makes the prompt invalid
            int prompt = input == invalid || cacheCreation == invalid || cacheRead == invalid ? invalid
                    : input < 0 ? -1 : input + Math.max(0, cacheCreation) + Math.max(0, cacheRead);
            state.setUsage(prompt, output, cacheRead, -1);
        }
    }

    /** What one event said; allocated per event. */
    private static final class Event {
        String type;
        String text;
        String thinking;
        /** {@code input_json_delta}: a piece of a tool call's input. */
        String toolInput;
        /** {@code content_block_start} of a {@code tool_use} block: the tool's name. */
        String toolName;
        String stopReason;
        String error;
        Usage usage;
    }

    static void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.countDataEvent();
        Event e = new Event();
        boolean read = StreamJson.readObject(data, length, state, (p, field, value) -> {
            switch (field) {
                case "type" -> e.type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "delta" -> readDelta(p, value, e);
                case "content_block" -> readContentBlock(p, value, e);
                case "usage" -> e.usage = readUsage(p, value);
                case "message" -> readMessage(p, value, e);
                case "error" -> e.error = value == JsonToken.START_OBJECT ? StreamJson.stringField(p, "message")
                        : value == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                default -> p.skipChildren();
            }
        });
        if (!read) {
            return;
        }
        apply(e, arrivalNanos, state);
    }

    private static void apply(Event e, long arrivalNanos, ResponseState state) {
        boolean hasText = e.text != null && !e.text.isEmpty();
        boolean hasThinking = e.thinking != null && !e.thinking.isEmpty();
        if ("content_block_delta".equals(e.type) && (hasText || hasThinking)) {
            state.addTokenEvent(arrivalNanos, hasText ? e.text : null, hasThinking ? e.thinking : null);
        } else if ("content_block_delta".equals(e.type) && e.toolInput != null) {
            state.addToolCallEvent(arrivalNanos, null, e.toolInput);
        } else if ("content_block_start".equals(e.type) && e.toolName != null) {
            state.addToolCallText(e.toolName, null); // the name is announced, not generated token by token
        }
        if (e.usage != null) {
            e.usage.applyTo(state);
        }
        if (e.stopReason != null) {
            state.setFinishReason(e.stopReason);
        }
        if ("message_stop".equals(e.type)) {
            state.markEndOfStream();
        }
        if ("error".equals(e.type) || e.error != null) {
            state.setBodyError(e.error != null ? e.error : "error");
        }
    }

    /** {@code delta}: the text or thinking of a content block, or the message's stop reason. */
    private static void readDelta(JsonParser p, JsonToken value, Event e) throws IOException {
        StreamJson.readFields(p, value, (in, field, v) -> {
            String text = v == JsonToken.VALUE_STRING ? in.getText() : null;
            switch (field) {
                case "text" -> e.text = text;
                case "thinking" -> e.thinking = text;
                case "partial_json" -> e.toolInput = text;
                case "stop_reason" -> e.stopReason = text;
                default -> in.skipChildren();
            }
        });
    }

    /** {@code content_block} of {@code content_block_start}: a {@code tool_use} block's name. */
    private static void readContentBlock(JsonParser p, JsonToken value, Event e) throws IOException {
        String[] typeAndName = new String[2];
        StreamJson.readFields(p, value, (in, field, v) -> {
            if (field.equals("type") && v == JsonToken.VALUE_STRING) {
                typeAndName[0] = in.getText();
            } else if (field.equals("name") && v == JsonToken.VALUE_STRING) {
                typeAndName[1] = in.getText();
            } else {
                in.skipChildren();
            }
        });
        if ("tool_use".equals(typeAndName[0])) {
            e.toolName = typeAndName[1] != null ? typeAndName[1] : "tool";
        }
    }

    /** {@code message} of {@code message_start}: only its usage matters. */
    private static void readMessage(JsonParser p, JsonToken value, Event e) throws IOException {
        StreamJson.readFields(p, value, (in, field, v) -> {
            if (field.equals("usage")) {
                e.usage = readUsage(in, v);
            } else {
                in.skipChildren();
            }
        });
    }

    private static Usage readUsage(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Usage u = new Usage();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "input_tokens" -> u.input = StreamJson.intValue(p, v);
                case "output_tokens" -> u.output = StreamJson.intValue(p, v);
                case "cache_creation_input_tokens" -> u.cacheCreation = StreamJson.intValue(p, v);
                case "cache_read_input_tokens" -> u.cacheRead = StreamJson.intValue(p, v);
                default -> p.skipChildren();
            }
        }
        return u;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }
}
