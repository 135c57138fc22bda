package dev.barrage.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Prompt;
import dev.barrage.tokenizer.ClientTokenCounter;
import dev.barrage.tokenizer.Tokenizer;
import dev.barrage.tokenizer.Tokenizers;
import dev.barrage.transport.HttpTarget;

import java.util.List;

/**
 * The run's client-side token counter: with {@code --tokenizer-path} only. Prompt lengths the
 * dataset already measured (random prompts, length-filtered files) are handed to it, so the
 * collector does not render and tokenize them again.
 */
final class ClientTokens {
    private ClientTokens() {
    }

    static ClientTokenCounter forRun(Arguments args, Dataset dataset) {
        Tokenizer tokenizer = Tokenizers.load(args.tokenizerPath()); // loaded (and cached) with the dataset
        if (tokenizer == null) {
            return null;
        }
        boolean chat = args.url() == null || HttpTarget.parse(args.url()).path().endsWith("/chat/completions");
        ClientTokenCounter counter = new ClientTokenCounter(tokenizer,
                args.applyChatTemplate() != null ? args.applyChatTemplate() : chat, args.imagePatchSize());
        // Prompts made on demand are not made twice just to remember their lengths.
        for (Prompt p : dataset.prompts() instanceof dev.barrage.dataset.OnDemandPrompts ? List.<Prompt>of()
                : dataset.prompts()) {
            if (p.promptTokens() >= 0 && p.text() != null) {
                counter.remember(chat ? asMessages(p.text()) : TextNode.valueOf(p.text()).toString(), p.promptTokens());
            }
        }
        return counter;
    }

    /** The messages JSON the OpenAI adapter sends for a text prompt. */
    private static String asMessages(String text) {
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        messages.addObject().put("role", "user").put("content", text);
        return messages.toString();
    }
}
