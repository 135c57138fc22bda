package dev.barrage.sim;

import java.util.Random;

/**
 * The delays of the continuous-batching model, in nanoseconds:
 * <pre>
 *   first token  = (ttftMs + prefillUsPerToken * promptTokens / 1000) * 1e6 * jitterFactor
 *   next token   = itlMs * (1 + itlGrowth * (admitted - 1)) * 1e6 * jitterFactor
 *   jitterFactor = 1 + jitter * u,  u uniform in [-1, 1)   (exactly 1 when jitter is 0)
 * </pre>
 * Delays are clamped at 0. The jitter draws come from their own seeded sequence, so turning jitter
 * on does not change the reply lengths. Thread-safe.
 */
final class TimingModel {
    private static final double NANOS_PER_MS = 1_000_000.0;
    /** Keeps the jitter sequence apart from the reply-length sequence seeded with the same seed. */
    private static final long JITTER_SEED_SALT = 0x6A09E667F3BCC909L;

    private final double ttftMs;
    private final double prefillUsPerToken;
    private final double itlMs;
    private final double itlGrowth;
    private final double jitter;
    private final Random jitterDraws;

    TimingModel(SimConfig config) {
        this.ttftMs = config.ttftMs();
        this.prefillUsPerToken = config.prefillUsPerToken();
        this.itlMs = config.itlMs();
        this.itlGrowth = config.itlGrowth();
        this.jitter = config.jitter();
        this.jitterDraws = new Random(config.seed() ^ JITTER_SEED_SALT);
    }

    long firstTokenDelayNanos(int promptTokens) {
        double delayMs = ttftMs + prefillUsPerToken * promptTokens / 1000.0;
        return toNanos(delayMs * jitterFactor());
    }

    /** @param admitted sequences holding a slot now, this one included */
    long interTokenDelayNanos(int admitted) {
        double delayMs = itlMs * (1 + itlGrowth * Math.max(0, admitted - 1));
        return toNanos(delayMs * jitterFactor());
    }

    private double jitterFactor() {
        if (jitter == 0) {
            return 1;
        }
        return 1 + jitter * (2 * jitterDraws.nextDouble() - 1);
    }

    private static long toNanos(double delayMs) {
        return delayMs <= 0 ? 0 : Math.round(delayMs * NANOS_PER_MS);
    }
}
