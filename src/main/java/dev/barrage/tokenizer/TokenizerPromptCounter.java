package dev.barrage.tokenizer;

import dev.barrage.sim.PromptTokenCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulator's prompt counting with a real tokenizer ({@code barrage sim --tokenizer-path}):
 * chat messages go through the model's chat template with the assistant header
 * ({@code add_generation_prompt}), as vLLM and SGLang build the prompt, and are tokenized without
 * added special tokens; a completions prompt is tokenized with them (a BOS token where the model
 * has one). When the template refuses the messages (e.g. roles that do not alternate), where a
 * real server would answer 400, the message texts are counted instead. Thread-safe.
 */
public final class TokenizerPromptCounter implements PromptTokenCounter {
    private final Tokenizer tokenizer;

    public TokenizerPromptCounter(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public int countText(String text) {
        return tokenizer.countAsPrompt(text);
    }

    @Override
    public int countChat(List<String> messageTexts) {
        List<Map<String, Object>> messages = new ArrayList<>(messageTexts.size());
        for (String text : messageTexts) {
            messages.add(Map.of("role", "user", "content", text));
        }
        return countMessages(messages);
    }

    @Override
    public int countMessages(List<Map<String, Object>> messages) {
        try {
            return tokenizer.countChat(messages);
        } catch (IllegalArgumentException refused) {
            int n = 0;
            for (Map<String, Object> m : messages) {
                n += m.get("content") instanceof String s ? tokenizer.count(s) : 0;
            }
            return n;
        }
    }
}
