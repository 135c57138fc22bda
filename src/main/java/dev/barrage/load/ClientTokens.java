package dev.barrage.load;

import dev.barrage.config.Arguments;
import dev.barrage.tokenizer.ClientTokenCounter;
import dev.barrage.tokenizer.Tokenizer;
import dev.barrage.tokenizer.Tokenizers;
import dev.barrage.transport.HttpTarget;

/** The run's client-side token counter: with {@code --tokenizer-path} only. */
final class ClientTokens {
    private ClientTokens() {
    }

    static ClientTokenCounter forRun(Arguments args) {
        Tokenizer tokenizer = Tokenizers.load(args.tokenizerPath()); // loaded (and cached) with the dataset
        if (tokenizer == null) {
            return null;
        }
        boolean chat = args.url() == null || HttpTarget.parse(args.url()).path().endsWith("/chat/completions");
        return new ClientTokenCounter(tokenizer, args.applyChatTemplate() != null ? args.applyChatTemplate() : chat);
    }
}
