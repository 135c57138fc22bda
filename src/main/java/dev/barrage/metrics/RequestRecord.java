package dev.barrage.metrics;

/**
 * Everything measured about one request, as stored in its {@code result} row. Immutable.
 *
 * <p>Times are {@link System#nanoTime()} values (0 = did not happen) except
 * {@code startEpochMillis}, the wall-clock send time for joining with server logs. Token counts
 * are the server's {@code usage} values; when the server sent none, {@code completionTokens} is
 * the number of token-bearing events and {@code tokensEstimated} is set, and
 * {@code promptTokens} is {@link #UNKNOWN}.
 *
 * <p>Every derived metric is defined in {@code docs/metrics.md}; the methods below are those
 * definitions.
 *
 * @param index             position of the request in its run, 0-based
 * @param request           the request body (JSON)
 * @param stream            the response was an SSE stream
 * @param intendedSendNanos when the load model wanted the request sent (see docs/metrics.md)
 * @param slotNanos         when it got a concurrency slot; 0 without a cap (open loop)
 * @param tokenNanos        arrival of every token-bearing event, in order
 * @param attempts          attempts made: 1, +1 after a stale keep-alive connection, +1 per retry
 * @param errorType         {@code null} on success, else a stable name (see transport.ErrorType)
 * @param retries           attempts beyond the first made by {@code --retries}
 * @param tokens            the counts of every source side by side (server usage, client tokenizer,
 *                          content events); {@code promptTokens}/{@code completionTokens} are the
 *                          ones reported: the server's when it sent usage
 * @param turn              the conversation and turn this request was ({@code --multi-turn}); {@code null}
 *                          for a single request
 * @param warnings          the {@link ResponseWarning}s of its response, as a bit set; 0 for none
 */
public record RequestRecord(
        long index,
        String request,
        boolean stream,
        long startEpochMillis,
        long intendedSendNanos,
        long slotNanos,
        long sendNanos,
        long firstByteNanos,
        long endNanos,
        long[] tokenNanos,
        int promptTokens,
        int completionTokens,
        boolean tokensEstimated,
        int cachedTokens,
        int reasoningTokens,
        String content,
        String reasoning,
        int statusCode,
        String errorType,
        String error,
        int attempts,
        int retries,
        TokenCounts tokens,
        Turn turn,
        int warnings) {

    /** A request's place in a conversation: its conversation (0-based, in start order) and turn (1-based). */
    public record Turn(long conversation, int number) {
    }

    /** A single request (no conversation). */
    public RequestRecord(long index, String request, boolean stream, long startEpochMillis, long intendedSendNanos,
            long slotNanos, long sendNanos, long firstByteNanos, long endNanos, long[] tokenNanos, int promptTokens,
            int completionTokens, boolean tokensEstimated, int cachedTokens, int reasoningTokens, String content,
            String reasoning, int statusCode, String errorType, String error, int attempts, int retries,
            TokenCounts tokens) {
        this(index, request, stream, startEpochMillis, intendedSendNanos, slotNanos, sendNanos, firstByteNanos, endNanos,
                tokenNanos, promptTokens, completionTokens, tokensEstimated, cachedTokens, reasoningTokens, content,
                reasoning, statusCode, errorType, error, attempts, retries, tokens, null, 0);
    }

    /** True when the request was sent again because its kept-alive connection had gone stale. */
    public boolean reconnected() {
        return attempts - retries > 1;
    }

    public static final int UNKNOWN = -1;

    /** A record without retries and without token accounting ({@link TokenCounts#NONE}). */
    public RequestRecord(long index, String request, boolean stream, long startEpochMillis, long intendedSendNanos,
            long slotNanos, long sendNanos, long firstByteNanos, long endNanos, long[] tokenNanos, int promptTokens,
            int completionTokens, boolean tokensEstimated, int cachedTokens, int reasoningTokens, String content,
            String reasoning, int statusCode, String errorType, String error, int attempts) {
        this(index, request, stream, startEpochMillis, intendedSendNanos, slotNanos, sendNanos, firstByteNanos, endNanos,
                tokenNanos, promptTokens, completionTokens, tokensEstimated, cachedTokens, reasoningTokens, content,
                reasoning, statusCode, errorType, error, attempts, 0, TokenCounts.NONE);
    }

    public static final String INTERRUPTED = "interrupted";

    public boolean success() {
        return errorType == null;
    }

    /** Stopped by the user: neither a success nor a failure of the server. */
    public boolean interrupted() {
        return INTERRUPTED.equals(errorType);
    }

    public int tokenEvents() {
        return tokenNanos.length;
    }

    public long firstTokenNanos() {
        return tokenNanos.length > 0 ? tokenNanos[0] : 0;
    }

    public long lastTokenNanos() {
        return tokenNanos.length > 0 ? tokenNanos[tokenNanos.length - 1] : 0;
    }

    /** Send to the last byte of the response (or to the failure). */
    public long latencyNanos() {
        return endNanos - sendNanos;
    }

    /**
     * Send to the first token-bearing event; {@code -1} when the response was not streamed or
     * carried no token.
     */
    public long ttftNanos() {
        return stream && tokenNanos.length > 0 ? tokenNanos[0] - sendNanos : -1;
    }

    /** Intended send to the first token-bearing event (coordinated-omission corrected); -1 if none. */
    public long ttftFromIntendedNanos() {
        return stream && tokenNanos.length > 0 ? tokenNanos[0] - intendedSendNanos : -1;
    }

    /** Intended send to the end of the response (coordinated-omission corrected latency). */
    public long latencyFromIntendedNanos() {
        return endNanos - intendedSendNanos;
    }

    /** Actual send minus intended send: every cause of lateness, the cap's queue included. */
    public long scheduleLagNanos() {
        return sendNanos - intendedSendNanos;
    }

    /**
     * Time spent waiting for a concurrency slot after the intended send time (paced runs with a
     * cap); 0 when the slot was free or there are no slots.
     */
    public long queueNanos() {
        return slotNanos > 0 ? Math.max(0, slotNanos - intendedSendNanos) : 0;
    }

    /**
     * Barrage's own lateness: actual send minus the moment the request could go (its intended
     * time, or its slot's time when it had to wait for one).
     */
    public long dispatchLagNanos() {
        return sendNanos - Math.max(intendedSendNanos, slotNanos);
    }

    /** Send to the first response byte (status line); {@code -1} when none arrived. */
    public long firstByteLatencyNanos() {
        return firstByteNanos > 0 ? firstByteNanos - sendNanos : -1;
    }

    /**
     * Decode time per output token after the first: (last token event − first token event) /
     * (completion tokens − 1). {@code NaN} unless streamed with at least 2 output tokens.
     */
    public double tpotNanos() {
        if (!stream || tokenNanos.length == 0 || completionTokens < 2) {
            return Double.NaN;
        }
        return (double) (lastTokenNanos() - firstTokenNanos()) / (completionTokens - 1);
    }

    /** Gaps between consecutive token-bearing events, in nanoseconds. */
    public long[] itlNanos() {
        if (tokenNanos.length < 2) {
            return new long[0];
        }
        long[] gaps = new long[tokenNanos.length - 1];
        for (int i = 1; i < tokenNanos.length; i++) {
            gaps[i - 1] = tokenNanos[i] - tokenNanos[i - 1];
        }
        return gaps;
    }
}
