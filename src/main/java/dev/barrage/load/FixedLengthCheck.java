package dev.barrage.load;

import dev.barrage.config.Arguments;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.report.Console;

/**
 * When the run asks for a fixed reply length — {@code --min-tokens} equal to {@code --max-tokens},
 * or {@code "ignore_eos": true} in {@code --extra-args} — a server that returns other lengths
 * ignored the setting, and per-token figures from it are not comparable: say so once per run.
 */
final class FixedLengthCheck {
    private FixedLengthCheck() {
    }

    /** The fixed output length the arguments ask for, or -1. */
    static int expectedLength(Arguments args) {
        boolean ignoreEos = Boolean.TRUE.equals(args.extraArgs().get("ignore_eos"));
        boolean minIsMax = args.minTokens() != null && args.minTokens() == args.effectiveMaxTokens();
        return ignoreEos && args.maxTokens() != null || minIsMax ? args.effectiveMaxTokens() : -1;
    }

    static void warnIfIgnored(Arguments args, RunAccumulator accumulator, Console console) {
        int expected = expectedLength(args);
        if (expected < 0) {
            return;
        }
        int differing = accumulator.outputTokensOtherThan(expected);
        if (differing > 0) {
            console.warn(differing + " of " + accumulator.outputTokenCounts() + " successful requests returned a"
                    + " different number of output tokens than the fixed " + expected + " asked for (--min-tokens /"
                    + " ignore_eos): the server ignored the setting, so per-token figures are not comparable.");
        }
    }
}
