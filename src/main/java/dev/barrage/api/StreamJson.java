package dev.barrage.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Small reads with Jackson's streaming parser, shared by the event parsers: they run on I/O
 * threads, so they take one value and skip the rest without building trees, on the thread's
 * reused parser ({@link EventJson}). Stateless.
 */
final class StreamJson {
    private StreamJson() {
    }

    /** Reads one field of an event's top-level object; the value's first token has just been read. */
    interface FieldReader {
        /** Must consume the value (read it, or {@code p.skipChildren()}). */
        void field(JsonParser p, String name, JsonToken value) throws IOException;
    }

    /**
     * Walks the top-level object of one event's data field by field. Returns false, with the state
     * marked malformed, when the data is not a JSON object or not valid JSON.
     */
    static boolean readObject(byte[] data, int length, ResponseState state, FieldReader reader) {
        try {
            JsonParser p = EventJson.open(data, length);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                EventJson.discard();
                state.setMalformed("an event's data is not a JSON object");
                return false;
            }
            readFields(p, JsonToken.START_OBJECT, reader);
            String cut = EventJson.close(p);
            if (cut != null) {
                state.setMalformed(cut);
                return false;
            }
            return true;
        } catch (IOException e) {
            EventJson.discard();
            state.setMalformed("malformed JSON in an event: " + OpenAiEventParser.shortMessage(e));
            return false;
        } catch (RuntimeException e) {
            EventJson.discard(); // whatever broke, the next event must not meet this parser's state
            throw e;
        }
    }

    /**
     * Walks the object whose START_OBJECT is {@code value} (just read) field by field; any other
     * value is skipped whole. Either way the value is consumed.
     */
    static void readFields(JsonParser p, JsonToken value, FieldReader reader) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            reader.field(p, field, p.nextToken());
        }
    }

    /**
     * The current token as a token count: -1 when it is null (not reported), the value when it is
     * an integer from 0 to {@link ResponseState#MAX_PLAUSIBLE_TOKENS}, and
     * {@link ResponseState#INVALID} for anything else (10^18, -5, 1.5, "12"): a count no request
     * can have, which {@link ResponseState#setUsage} records as invalid usage.
     */
    static int intValue(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return ResponseState.plausibleCount(p.getIntValue());
        }
        if (v == JsonToken.VALUE_NUMBER_FLOAT && isIntegral(p.getDoubleValue())) {
            return ResponseState.plausibleCount((int) p.getDoubleValue()); // 12.0: a count written as a float
        }
        p.skipChildren();
        return ResponseState.INVALID;
    }

    private static boolean isIntegral(double d) {
        return d == Math.rint(d) && Math.abs(d) <= ResponseState.MAX_PLAUSIBLE_TOKENS;
    }

    /** A count in a parsed reply, with the rules of {@link #intValue}: -1 when missing or null. */
    static int count(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return -1;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return ResponseState.plausibleCount(node.intValue());
        }
        if (node.isFloatingPointNumber() && isIntegral(node.doubleValue())) {
            return ResponseState.plausibleCount((int) node.doubleValue());
        }
        return ResponseState.INVALID;
    }

    /** The int field {@code name} of the object starting at {@code v} (consumed), -1 when absent. */
    static int nestedInt(JsonParser p, JsonToken v, String name) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return -1;
        }
        int result = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken inner = p.nextToken();
            if (field.equals(name)) {
                result = intValue(p, inner);
            } else {
                p.skipChildren();
            }
        }
        return result;
    }

    /**
     * The string field {@code name} of the object whose START_OBJECT was just read (the object is
     * consumed), or {@code null}.
     */
    static String stringField(JsonParser p, String name) throws IOException {
        String result = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals(name) && v == JsonToken.VALUE_STRING) {
                result = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return result;
    }

    /**
     * Where an API keeps its usage counts: the input and output count fields, and the detail objects
     * holding {@code cached_tokens} and {@code reasoning_tokens}.
     */
    record UsageNames(String input, String output, String inputDetails, String outputDetails) {
        static final UsageNames OPENAI = new UsageNames("prompt_tokens", "completion_tokens", "prompt_tokens_details",
                "completion_tokens_details");
        static final UsageNames RESPONSES = new UsageNames("input_tokens", "output_tokens", "input_tokens_details",
                "output_tokens_details");
        static final UsageNames DASHSCOPE = new UsageNames("input_tokens", "output_tokens", "prompt_tokens_details",
                "output_tokens_details");
    }

    /** Reads the usage object starting at {@code value} (consumed) into {@code state}. */
    static void readUsage(JsonParser p, JsonToken value, ResponseState state, UsageNames names) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        int input = -1;
        int output = -1;
        int cached = -1;
        int reasoning = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals(names.input())) {
                input = intValue(p, v);
            } else if (field.equals(names.output())) {
                output = intValue(p, v);
            } else if (field.equals(names.inputDetails())) {
                cached = nestedInt(p, v, "cached_tokens");
            } else if (field.equals(names.outputDetails())) {
                reasoning = nestedInt(p, v, "reasoning_tokens");
            } else {
                p.skipChildren();
            }
        }
        state.setUsage(input, output, cached, reasoning);
    }
}
