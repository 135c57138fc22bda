package dev.barrage.sim;

import java.util.Random;

/**
 * Decides each reply's length. The natural lengths come from one seeded random sequence, so a
 * given seed always yields the same sequence of draws (which request gets which draw follows
 * arrival order). Thread-safe: {@link Random} draws are atomic.
 */
final class ReplyPlanner {
    private final int outputMinTokens;
    private final int outputMaxTokens;
    private final int reasoningTokens;
    private final Random lengths;

    ReplyPlanner(SimConfig config) {
        this(config.outputMinTokens(), config.outputMaxTokens(), config.reasoningTokens(), new Random(config.seed()));
    }

    ReplyPlanner(int outputMinTokens, int outputMaxTokens, int reasoningTokens, Random lengths) {
        this.outputMinTokens = outputMinTokens;
        this.outputMaxTokens = outputMaxTokens;
        this.reasoningTokens = reasoningTokens;
        this.lengths = lengths;
    }

    ReplyPlan plan(GenerationRequest request) {
        int length;
        if (request.ignoreEos() && request.hasMaxTokens()) {
            length = request.maxTokens();
        } else {
            int natural = outputMinTokens + lengths.nextInt(outputMaxTokens - outputMinTokens + 1);
            length = Math.max(request.minTokens(), natural);
            if (request.hasMaxTokens()) {
                length = Math.min(length, request.maxTokens());
            }
        }
        length = Math.max(length, 1);
        ReplyPlan.FinishReason finish = request.hasMaxTokens() && length == request.maxTokens()
                ? ReplyPlan.FinishReason.LENGTH : ReplyPlan.FinishReason.STOP;
        return new ReplyPlan(length, Math.min(reasoningTokens, length), finish);
    }
}
