package dev.barrage.tokenizer;

import java.util.List;
import java.util.Optional;

/**
 * A client-side tokenizer: counts tokens as the server would, and provides the clean word
 * vocabulary random prompts are drawn from. Implementations are thread-safe and may be called
 * from several threads at once (dataset generation uses every core); they are never called on an
 * I/O thread.
 */
public interface Tokenizer {
    /** What was loaded, for logs: "tokenizer.json in /models/qwen3", "tiktoken:cl100k_base". */
    String name();

    /** Token ids of {@code text}, without the special tokens a tokenizer may add (BOS, ...). */
    int[] encode(String text);

    /** Number of tokens of {@code text}, without added special tokens. */
    default int count(String text) {
        return encode(text).length;
    }

    /**
     * Tokens of a completions prompt as a server counts them: with the special tokens its
     * tokenizer adds (a BOS token for Llama models, none for Qwen or tiktoken encodings).
     */
    int countAsPrompt(String text);

    /** Text of token ids (special tokens kept). */
    String decode(int[] ids);

    /** The model's chat template, when it ships one. */
    Optional<ChatTemplate> chatTemplate();

    /**
     * Tokens that are a space followed by ASCII letters, each verified to encode back to itself:
     * concatenations of them re-tokenize (nearly always) to exactly the same ids, which makes
     * exact-length random prompts cheap. Computed once, on first use.
     */
    WordVocabulary words();

    /**
     * Prompt tokens of a chat request as a server counts them: the chat template applied to the
     * messages (with the assistant header, {@code add_generation_prompt}) and tokenized without
     * added special tokens, since the template writes them. Without a template, the sum of the
     * message texts.
     *
     * @param messages JSON-shaped messages (maps with "role" and "content")
     */
    default int countChat(List<?> messages) {
        Optional<ChatTemplate> template = chatTemplate();
        if (template.isPresent()) {
            return count(template.get().render(messages, true));
        }
        int n = 0;
        for (Object m : messages) {
            Object content = m instanceof java.util.Map<?, ?> map ? map.get("content") : null;
            n += content instanceof String s ? count(s) : 0;
        }
        return n;
    }
}
