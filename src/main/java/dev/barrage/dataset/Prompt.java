package dev.barrage.dataset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One prompt from a dataset, in exactly one of three shapes: plain text, a chat {@code messages}
 * array, or a complete request body whose fields the CLI only fills in where absent.
 * The JSON nodes are shared between requests and must not be modified.
 */
public record Prompt(String text, ArrayNode messages, ObjectNode body) {
    public Prompt {
        int shapes = (text != null ? 1 : 0) + (messages != null ? 1 : 0) + (body != null ? 1 : 0);
        if (shapes != 1) {
            throw new IllegalArgumentException("a prompt has exactly one of text, messages or body (" + shapes + " given)");
        }
    }

    public static Prompt ofText(String text) {
        return new Prompt(text, null, null);
    }

    public static Prompt ofMessages(ArrayNode messages) {
        return new Prompt(null, messages, null);
    }

    public static Prompt ofBody(ObjectNode body) {
        return new Prompt(null, null, body);
    }
}
