package dev.barrage.bench;

import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Datasets;
import dev.barrage.dataset.Prompt;
import dev.barrage.tokenizer.HubFiles;
import dev.barrage.tokenizer.Tokenizer;
import dev.barrage.tokenizer.Tokenizers;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast the random dataset is generated: {@code bench/random-dataset.sh [tokenizer] [prompts] [tokens]}
 * (default: the Qwen3 test tokenizer, 10,000 prompts of 1,024 tokens). Prints the time of each
 * repetition (the first includes loading the word vocabulary and JIT warm-up) and then verifies
 * every prompt's length independently (template rendered, text tokenized). Not a test: figures
 * vary with the machine and its load.
 */
public final class RandomDatasetBench {
    private RandomDatasetBench() {
    }

    public static void main(String[] argv) {
        String tokenizerPath = argv.length > 0 ? argv[0] : "../shared/testdata/tokenizers/qwen3";
        int prompts = argv.length > 1 ? Integer.parseInt(argv[1]) : 10_000;
        int tokens = argv.length > 2 ? Integer.parseInt(argv[2]) : 1024;
        long t0 = System.nanoTime();
        Tokenizer tokenizer = Tokenizers.load(tokenizerPath);
        System.out.printf(Locale.ROOT, "loaded %s in %.2f s; %d cores%n", tokenizer.name(),
                (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
        Arguments args = Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m")
                .number(prompts).dataset("random").minPromptLength(tokens).maxPromptLength(tokens).seed(1L)
                .tokenizerPath(tokenizerPath).build();
        Dataset d = null;
        for (int rep = 1; rep <= 3; rep++) {
            long start = System.nanoTime();
            d = Datasets.load(args, tokenizer, HubFiles.fromEnvironment());
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "run %d: %d prompts x %d tokens in %.2f s (%.0f prompts/s, %.2f M tokens/s)%n",
                    rep, d.size(), tokens, s, d.size() / s, d.size() * (double) tokens / s / 1e6);
        }
        long start = System.nanoTime();
        int exact = 0;
        for (Prompt p : d.prompts()) {
            exact += tokenizer.countChat(List.of(Map.of("role", "user", "content", p.text()))) == tokens ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "verified independently (template + tokenizer, one thread): %d of %d exact"
                + " (%.1f s)%n", exact, d.size(), (System.nanoTime() - start) / 1e9);
    }
}
