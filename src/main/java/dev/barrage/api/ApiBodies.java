package dev.barrage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON helpers every adapter needs, built-in or plug-in: serialising a request body, reading a
 * whole response body, and the server's message from an error body. Stateless, thread-safe.
 */
public final class ApiBodies {
    /** A shared, thread-safe mapper (configuration is never changed after creation). */
    public static final ObjectMapper JSON = new ObjectMapper();

    private ApiBodies() {
    }

    /** The body as UTF-8 JSON bytes. */
    public static byte[] toBytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }

    /** Sets every {@code --extra-args} entry on {@code target}; with {@code overwrite} false, only missing ones. */
    public static void putAll(ObjectNode target, Map<String, Object> values, boolean overwrite) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (overwrite || !target.has(e.getKey())) {
                target.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
        }
    }

    /**
     * A complete response body as a JSON object, its {@code error} (if any) recorded; {@code null}
     * (and the state marked malformed) when it is not a JSON object.
     */
    public static JsonNode parse(byte[] body, int length, ResponseState state) {
        JsonNode root;
        try {
            root = JSON.readTree(body, 0, length);
        } catch (IOException e) {
            state.setMalformed("the response body is not JSON: " + OpenAiEventParser.shortMessage(e));
            return null;
        }
        if (root == null || !root.isObject()) {
            state.setMalformed("the response body is not a JSON object");
            return null;
        }
        if (root.hasNonNull("error")) {
            JsonNode error = root.get("error");
            state.setBodyError(error.isTextual() ? error.asText() : error.path("message").asText("error"));
        }
        return root;
    }

    /**
     * A short human message from an error body: OpenAI's and Anthropic's {@code error.message},
     * DashScope's and others' top-level {@code message}, FastAPI's {@code detail}, else the start
     * of the body (proxies answer with HTML or plain text).
     */
    public static String errorMessage(byte[] body, int length) {
        String raw = new String(body, 0, length, StandardCharsets.UTF_8).strip();
        try {
            JsonNode root = JSON.readTree(raw);
            if (root != null) {
                JsonNode error = root.get("error");
                if (error != null && error.isObject() && error.hasNonNull("message")) {
                    return error.get("message").asText();
                }
                if (error != null && error.isTextual()) {
                    return error.asText();
                }
                if (root.hasNonNull("message")) {
                    return root.get("message").asText();
                }
                if (root.hasNonNull("detail")) {
                    return root.get("detail").toString();
                }
            }
        } catch (IOException notJson) {
            // fall through: many proxies answer with HTML or plain text
        }
        return raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
    }

    /** The text of a JSON string node, else {@code null}. */
    public static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
