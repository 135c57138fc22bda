package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code speed_benchmark} (and {@code speed_benchmark_long}): evalscope's fixed-length prompts for
 * measuring generation speed by prompt length — the character '熵' repeated to 1, 6144, 14336 and
 * 30720 tokens (long: 63488 and 129024), two prompts each, in that order, sent to
 * {@code /v1/completions}. With a tokenizer the repetition is adjusted until the prompt has
 * exactly that many tokens; without one it is that many characters. Run it as evalscope does:
 * {@code --parallel 1 --number 8} (long: 4).
 */
public final class SpeedBenchmarkDataset implements DatasetPlugin {
    static final int[] LENGTHS = {1, 6144, 14336, 30720};
    static final int[] LONG_LENGTHS = {63488, 129024};
    private static final String CHAR = "熵";

    @Override
    public List<String> names() {
        return List.of("speed_benchmark", "speed_benchmark_long");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        if (ctx.chat()) {
            throw BarrageException.invalidInput("--dataset " + ctx.name() + " runs against /v1/completions, as"
                    + " evalscope's: give a --url ending in /v1/completions.");
        }
        int[] lengths = ctx.name().endsWith("_long") ? LONG_LENGTHS : LENGTHS;
        List<Prompt> prompts = new ArrayList<>();
        for (int length : lengths) {
            Prompt p = prompt(ctx.tokenizer(), length);
            prompts.add(p);
            prompts.add(p);
        }
        return new Dataset(ctx.name() + (ctx.tokenizer() == null ? " (no --tokenizer-path: lengths are characters)" : ""),
                prompts);
    }

    static Prompt prompt(Tokenizer tokenizer, int length) {
        if (tokenizer == null) {
            return Prompt.ofText(CHAR.repeat(length));
        }
        int repeat = length;
        int tokens = tokenizer.countAsPrompt(CHAR.repeat(repeat));
        for (int round = 0; round < 10 && tokens != length && repeat > 0; round++) {
            repeat = Math.max(1, repeat + length - tokens);
            tokens = tokenizer.countAsPrompt(CHAR.repeat(repeat));
        }
        return Prompt.ofText(CHAR.repeat(repeat)).withPromptTokens(tokens);
    }
}
