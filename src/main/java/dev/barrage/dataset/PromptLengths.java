package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.barrage.tokenizer.Tokenizer;

import java.util.List;
import java.util.Map;

/**
 * A prompt's length as the server will see it: with a tokenizer, its tokens — for a chat request
 * with the chat template applied ({@code --apply-chat-template}), for a completions request with
 * the special tokens the tokenizer adds; without a tokenizer, its characters. Thread-safe.
 *
 * @param tokenizer   {@code null} to count characters
 * @param chat        requests go to a chat endpoint
 * @param useTemplate count the chat template too (when the tokenizer has one)
 */
public record PromptLengths(Tokenizer tokenizer, boolean chat, boolean useTemplate) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** "tokens" or "characters". */
    public String unit() {
        return tokenizer != null ? "tokens" : "characters";
    }

    public int of(Prompt p) {
        if (p.tokenIds() != null) {
            return p.tokenIds().length;
        }
        if (p.text() != null) {
            return ofText(p.text());
        }
        ArrayNode messages = p.messages();
        if (p.body() != null) {
            JsonNode m = p.body().get("messages");
            if (!(m instanceof ArrayNode array)) {
                JsonNode prompt = p.body().get("prompt");
                return prompt != null && prompt.isTextual() ? ofCompletionText(prompt.asText()) : 0;
            }
            messages = array;
        }
        return ofMessages(messages);
    }

    /** A text prompt: one user message (chat) or the completions prompt. */
    public int ofText(String text) {
        if (tokenizer == null) {
            return text.length();
        }
        if (chat && useTemplate && tokenizer.chatTemplate().isPresent()) {
            return tokenizer.countChat(List.of(Map.of("role", "user", "content", text)));
        }
        return chat ? tokenizer.count(text) : tokenizer.countAsPrompt(text);
    }

    private int ofCompletionText(String text) {
        return tokenizer == null ? text.length() : tokenizer.countAsPrompt(text);
    }

    private int ofMessages(ArrayNode messages) {
        if (tokenizer != null && useTemplate && tokenizer.chatTemplate().isPresent()) {
            return tokenizer.countChat(JSON.convertValue(messages, List.class));
        }
        int n = 0;
        for (JsonNode m : messages) {
            JsonNode content = m.get("content");
            String text = content != null && content.isTextual() ? content.asText() : "";
            n += tokenizer == null ? text.length() : tokenizer.count(text);
        }
        return n;
    }

    /**
     * The template's own tokens for one user message: the templated length of an empty message.
     * 0 without a tokenizer, a template, or for completions.
     */
    public int templateOverhead() {
        if (tokenizer == null || !chat || !useTemplate || tokenizer.chatTemplate().isEmpty()) {
            return 0;
        }
        return tokenizer.countChat(List.of(Map.of("role", "user", "content", "")));
    }
}
