package dev.barrage.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads one Responses API streaming event with Jackson's streaming parser, on the I/O thread after
 * the event's arrival was stamped. Every event is a JSON object with a {@code type}:
 * <ul>
 *   <li>{@code response.output_text.delta}, {@code response.refusal.delta}: reply text in
 *       {@code delta} (a token event when non-empty);</li>
 *   <li>{@code response.reasoning_text.delta}, {@code response.reasoning_summary_text.delta}
 *       (and the older {@code response.reasoning.delta}): reasoning text in {@code delta};</li>
 *   <li>{@code response.completed} / {@code response.incomplete} (the output cap was reached): the
 *       final {@code response} with {@code usage} ({@code input_tokens},
 *       {@code input_tokens_details.cached_tokens}, {@code output_tokens},
 *       {@code output_tokens_details.reasoning_tokens});</li>
 *   <li>{@code response.failed}: {@code response.error.message}; {@code error}: {@code message}.</li>
 * </ul>
 * Everything else (created, in_progress, output_item.added, ..., text.done) is skipped. The type may
 * come after the delta in the object, so both are read before deciding. Stateless.
 */
final class ResponsesEventParser {

    private ResponsesEventParser() {
    }

    /** What one event said; allocated per event. */
    private static final class Event {
        String type;
        String delta;
        String message;
        String status;
        String finish;
    }

    static void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.countDataEvent();
        Event e = new Event();
        boolean read = StreamJson.readObject(data, length, state, (p, field, value) -> {
            switch (field) {
                case "type" -> e.type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                case "delta" -> e.delta = value == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                case "message" -> e.message = value == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                case "response" -> readResponse(p, value, e, state);
                default -> p.skipChildren();
            }
        });
        if (!read) {
            return;
        }
        apply(e, arrivalNanos, state);
    }

    private static void apply(Event e, long arrivalNanos, ResponseState state) {
        if (e.type == null) {
            return;
        }
        switch (e.type) {
            case "response.function_call_arguments.delta" -> state.addToolCallEvent(arrivalNanos, null, e.delta);
            case "response.output_text.delta", "response.refusal.delta" -> {
                if (e.delta != null && !e.delta.isEmpty()) {
                    state.addTokenEvent(arrivalNanos, e.delta, null);
                }
            }
            case "response.reasoning_text.delta", "response.reasoning_summary_text.delta", "response.reasoning.delta" -> {
                if (e.delta != null && !e.delta.isEmpty()) {
                    state.addTokenEvent(arrivalNanos, null, e.delta);
                }
            }
            case "response.completed", "response.incomplete" -> {
                state.setFinishReason(e.type.equals("response.completed") ? "stop" : "length");
                state.markEndOfStream();
            }
            case "response.failed" -> state.setBodyError(e.message != null ? e.message : "the response failed");
            case "error" -> state.setBodyError(e.message != null ? e.message : "error");
            default -> {
                // lifecycle events carry nothing a benchmark needs
            }
        }
    }

    /** The final {@code response}: its usage and, when it failed, its error message. */
    private static void readResponse(JsonParser p, JsonToken value, Event e, ResponseState state) throws IOException {
        StreamJson.readFields(p, value, (in, field, v) -> {
            switch (field) {
                case "usage" -> StreamJson.readUsage(in, v, state, StreamJson.UsageNames.RESPONSES);
                case "error" -> {
                    if (v == JsonToken.START_OBJECT) {
                        e.message = StreamJson.stringField(in, "message");
                    } else {
                        in.skipChildren();
                    }
                }
                default -> in.skipChildren();
            }
        });
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }
}
