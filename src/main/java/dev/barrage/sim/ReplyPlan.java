package dev.barrage.sim;

/**
 * How long one reply will be, decided on arrival.
 *
 * @param completionTokens L, at least 1
 * @param reasoningTokens  R = min(configured reasoning tokens, L): the first R tokens are reasoning
 * @param finishReason     {@code "length"} when L equals {@code max_tokens}, else {@code "stop"}
 */
record ReplyPlan(int completionTokens, int reasoningTokens, FinishReason finishReason) {

    enum FinishReason {
        STOP("stop"), LENGTH("length");

        private final String json;

        FinishReason(String json) {
            this.json = json;
        }

        String json() {
            return json;
        }
    }

    /** An embedding or rerank answer: one step of the timing model, no reasoning. */
    static ReplyPlan single() {
        return new ReplyPlan(1, 0, FinishReason.STOP);
    }

    /** A reply that never ends (the {@code endless} fault): as many tokens as an int can count. */
    static ReplyPlan endless(int reasoningTokens) {
        return new ReplyPlan(Integer.MAX_VALUE, reasoningTokens, FinishReason.STOP);
    }

    boolean isReasoning(int tokenIndex) {
        return tokenIndex < reasoningTokens;
    }
}
