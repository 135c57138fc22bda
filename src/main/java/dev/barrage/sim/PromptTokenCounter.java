package dev.barrage.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Counts prompt tokens for the {@code usage} block and the prefill delay. Kept behind an interface
 * so a real tokenizer can replace the {@linkplain #approximate() approximation} later.
 *
 * <p>Implementations must be thread-safe: one instance serves every event loop.
 */
public interface PromptTokenCounter {

    /** Tokens of one piece of text. */
    int countText(String text);

    /**
     * Tokens of a chat prompt given the text content of each message (a message without text
     * content is an empty string). The default charges 4 tokens of template per message and 2
     * for the assistant's reply header, a common approximation for chat templates.
     */
    default int countChat(List<String> messageTexts) {
        int tokens = 2;
        for (String text : messageTexts) {
            tokens += 4 + countText(text);
        }
        return tokens;
    }

    /**
     * Tokens of a chat prompt given its messages, each a map with "role" and "content" (the
     * message's text; parts that are not text are left out). A real tokenizer applies the model's
     * chat template here, as a server does; the default ignores roles and uses
     * {@link #countChat(List)}.
     */
    default int countMessages(List<Map<String, Object>> messages) {
        List<String> texts = new ArrayList<>(messages.size());
        for (Map<String, Object> m : messages) {
            Object content = m.get("content");
            texts.add(content instanceof String s ? s : "");
        }
        return countChat(texts);
    }

    /** The documented approximation used when no tokenizer is configured. */
    static PromptTokenCounter approximate() {
        return ApproximateTokenCounter.INSTANCE;
    }
}
