package dev.barrage.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads one OpenAI streaming event ({@code chat.completion.chunk} or {@code text_completion})
 * with Jackson's streaming parser, taking only what a benchmark needs: the text of the choices'
 * deltas, the finish reason, {@code usage} and an {@code error} object. It runs on the I/O thread
 * after the event's arrival was stamped, so it allocates little and never blocks. Stateless.
 */
final class OpenAiEventParser {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private OpenAiEventParser() {
    }

    static void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.countDataEvent();
        if (isDone(data, length)) {
            state.markEndOfStream();
            return;
        }
        try {
            JsonParser p = EventJson.open(data, length);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                EventJson.discard();
                state.setMalformed("an event's data is not a JSON object");
                return;
            }
            Deltas deltas = new Deltas();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "choices" -> readChoices(p, value, deltas, state);
                    case "usage" -> StreamJson.readUsage(p, value, state, StreamJson.UsageNames.OPENAI);
                    case "id" -> {
                        if (state.responseId() == null && value == JsonToken.VALUE_STRING) {
                            state.setResponseId(p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "error" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            state.setBodyError(errorText(p, value));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            String cut = EventJson.close(p);
            if (cut != null) {
                state.setMalformed(cut);
                return;
            }
            boolean toolText = false;
            if (deltas.toolCalls != null) {
                for (int i = 0; i < deltas.toolCalls.size(); i += 2) {
                    toolText |= state.addToolCallText(deltas.toolCalls.get(i), deltas.toolCalls.get(i + 1));
                }
            }
            // one token event per SSE event, whatever it carries: the event is what arrived at once
            if (deltas.hasText() || toolText) {
                state.addTokenEvent(arrivalNanos, deltas.content, deltas.reasoning);
            }
        } catch (RuntimeException e) {
            EventJson.discard(); // whatever broke, the next event must not meet this parser's state
            throw e;
        } catch (IOException e) {
            EventJson.discard();
            state.setMalformed("malformed JSON in an event: " + shortMessage(e));
        }
    }

    /** Mutable holder for the text found in one event; allocated per event, not per token. */
    private static final class Deltas {
        String content;
        String reasoning;
        /** Names and arguments of tool-call deltas, alternately; {@code null} for most events. */
        java.util.List<String> toolCalls;

        boolean hasText() {
            return content != null && !content.isEmpty() || reasoning != null && !reasoning.isEmpty();
        }

        void addToolCall(String name, String arguments) {
            if (toolCalls == null) {
                toolCalls = new java.util.ArrayList<>(2);
            }
            toolCalls.add(name);
            toolCalls.add(arguments);
        }

        void addContent(String s) {
            if (s != null && !s.isEmpty()) {
                content = content == null ? s : content + s;
            }
        }

        void addReasoning(String s) {
            if (s != null && !s.isEmpty()) {
                reasoning = reasoning == null ? s : reasoning + s;
            }
        }
    }

    private static void readChoices(JsonParser p, JsonToken value, Deltas deltas, ResponseState state)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "delta", "message" -> readDelta(p, v, deltas);
                    case "text" -> deltas.addContent(v == JsonToken.VALUE_STRING ? p.getText() : null);
                    case "finish_reason" -> {
                        if (v == JsonToken.VALUE_STRING) {
                            state.setFinishReason(p.getText());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
    }

    private static void readDelta(JsonParser p, JsonToken value, Deltas deltas) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
            switch (field) {
                case "content" -> deltas.addContent(text);
                case "reasoning_content", "reasoning" -> deltas.addReasoning(text);
                case "tool_calls" -> readToolCalls(p, v, deltas);
                case "function_call" -> readFunction(p, v, deltas); // the pre-tools form
                default -> p.skipChildren();
            }
        }
    }

    /** {@code tool_calls: [{index, id, type, function: {name, arguments}}]}: the function parts. */
    private static void readToolCalls(JsonParser p, JsonToken value, Deltas deltas) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        for (JsonToken call = p.nextToken(); call != JsonToken.END_ARRAY && call != null; call = p.nextToken()) {
            StreamJson.readFields(p, call, (in, field, v) -> {
                if (field.equals("function")) {
                    readFunction(in, v, deltas);
                } else {
                    in.skipChildren();
                }
            });
        }
    }

    private static void readFunction(JsonParser p, JsonToken value, Deltas deltas) throws IOException {
        String[] nameAndArguments = new String[2];
        StreamJson.readFields(p, value, (in, field, v) -> {
            int slot = field.equals("name") ? 0 : field.equals("arguments") ? 1 : -1;
            if (slot >= 0 && v == JsonToken.VALUE_STRING) {
                nameAndArguments[slot] = in.getText();
            } else {
                in.skipChildren();
            }
        });
        if (value == JsonToken.START_OBJECT) {
            deltas.addToolCall(nameAndArguments[0], nameAndArguments[1]);
        }
    }

    private static String errorText(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return "error";
        }
        String message = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("message") && v == JsonToken.VALUE_STRING) {
                message = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return message != null ? message : "error";
    }

    private static boolean isDone(byte[] data, int length) {
        int start = 0;
        int end = length;
        while (start < end && data[start] == ' ') {
            start++;
        }
        while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\r')) {
            end--;
        }
        if (end - start != DONE.length) {
            return false;
        }
        for (int i = 0; i < DONE.length; i++) {
            if (data[start + i] != DONE[i]) {
                return false;
            }
        }
        return true;
    }

    static String shortMessage(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }
}
