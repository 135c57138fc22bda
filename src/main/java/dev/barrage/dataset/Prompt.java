package dev.barrage.dataset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One prompt from a dataset, in exactly one of four shapes: plain text, a chat {@code messages}
 * array, a complete request body whose fields the CLI only fills in where absent, or token ids
 * ({@code --tokenize-prompt}, sent as the completions {@code prompt}).
 * The JSON nodes and the id array are shared between requests and must not be modified.
 *
 * @param promptTokens the prompt's length in tokens as the server will count it, when the
 *                     dataset knows it (random prompts are built to it); -1 when unknown
 */
public record Prompt(String text, ArrayNode messages, ObjectNode body, int[] tokenIds, int promptTokens) {
    public Prompt {
        int shapes = (text != null ? 1 : 0) + (messages != null ? 1 : 0) + (body != null ? 1 : 0)
                + (tokenIds != null ? 1 : 0);
        if (shapes != 1) {
            throw new IllegalArgumentException("a prompt has exactly one of text, messages, body or token ids ("
                    + shapes + " given)");
        }
    }

    public Prompt(String text, ArrayNode messages, ObjectNode body) {
        this(text, messages, body, null, -1);
    }

    public static Prompt ofText(String text) {
        return new Prompt(text, null, null, null, -1);
    }

    public static Prompt ofMessages(ArrayNode messages) {
        return new Prompt(null, messages, null, null, -1);
    }

    public static Prompt ofBody(ObjectNode body) {
        return new Prompt(null, null, body, null, -1);
    }

    public static Prompt ofTokens(int[] tokenIds) {
        return new Prompt(null, null, null, tokenIds, tokenIds.length);
    }

    /** This prompt, noting its length in tokens as the server counts it. */
    public Prompt withPromptTokens(int tokens) {
        return new Prompt(text, messages, body, tokenIds, tokens);
    }
}
