package dev.barrage.sim;

/**
 * One accepted generation request and what the simulator decided to answer.
 *
 * @param request        the parsed request
 * @param plan           reply length and finish reason
 * @param number         server-wide request number, used in the id and to vary the words
 * @param createdSeconds epoch seconds on arrival, the {@code created} field
 * @param model          the model echoed in every event
 * @param keepAlive      whether the response says {@code Connection: keep-alive}
 * @param fault          the misbehaviour this reply shows ({@code --fault}), or {@code null}
 */
record Reply(GenerationRequest request, ReplyPlan plan, long number, long createdSeconds, String model,
        boolean keepAlive, Fault fault) {

    /** True when this reply shows a fault of this kind. */
    boolean has(Fault.Kind kind) {
        return fault != null && fault.kind() == kind;
    }

    String id() {
        return request.kind().idPrefix() + number;
    }

    boolean isLastToken(int tokenIndex) {
        return tokenIndex == plan.completionTokens() - 1;
    }
}
