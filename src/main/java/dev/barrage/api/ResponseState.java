package dev.barrage.api;

import java.util.Arrays;

/**
 * What one response has told us so far: the arrival time of every token-bearing event, the text,
 * the server's usage counts and any error it reported inside the body.
 *
 * <p>Written only by the I/O thread that owns the request's connection; read by the collector
 * after the request completed (the completion queue gives the happens-before edge). Not
 * thread-safe otherwise. Times are {@link System#nanoTime()} values.
 */
public final class ResponseState {
    /** Unknown count: the server sent no usage and nothing could be counted. */
    public static final int UNKNOWN = -1;

    private long[] tokenNanos = new long[64];
    private int tokenEvents;
    private int dataEvents;
    private int contentEvents;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private int promptTokens = UNKNOWN;
    private int completionTokens = UNKNOWN;
    private int cachedTokens = UNKNOWN;
    private int reasoningTokens = UNKNOWN;
    private boolean usageSeen;
    private boolean done;
    private String finishReason;
    private String bodyError;
    private String malformed;

    /**
     * Records a token-bearing event: one with non-empty content or reasoning text. Its arrival time
     * becomes a TTFT/ITL sample point.
     */
    public void addTokenEvent(long arrivalNanos, String contentDelta, String reasoningDelta) {
        if (tokenEvents == tokenNanos.length) {
            tokenNanos = Arrays.copyOf(tokenNanos, tokenEvents * 2);
        }
        tokenNanos[tokenEvents++] = arrivalNanos;
        if (contentDelta != null) {
            content.append(contentDelta);
            if (!contentDelta.isEmpty()) {
                contentEvents++;
            }
        }
        if (reasoningDelta != null) {
            reasoning.append(reasoningDelta);
        }
    }

    /** Text of a non-streamed reply (no token events: it arrived all at once). */
    public void setText(String contentText, String reasoningText) {
        if (contentText != null) {
            content.append(contentText);
        }
        if (reasoningText != null) {
            reasoning.append(reasoningText);
        }
    }

    public void countDataEvent() {
        dataEvents++;
    }

    public void setUsage(int prompt, int completion, int cached, int reasoningCount) {
        usageSeen = true;
        if (prompt >= 0) {
            promptTokens = prompt;
        }
        if (completion >= 0) {
            completionTokens = completion;
        }
        if (cached >= 0) {
            cachedTokens = cached;
        }
        if (reasoningCount >= 0) {
            reasoningTokens = reasoningCount;
        }
    }

    public void markDone() {
        done = true;
    }

    public void setFinishReason(String reason) {
        finishReason = reason;
    }

    /** The server reported an error inside a 200 response (an {@code error} object in an event). */
    public void setBodyError(String message) {
        if (bodyError == null) {
            bodyError = message;
        }
    }

    /** An event or body that is not the JSON we expect; the first reason is kept. */
    public void setMalformed(String why) {
        if (malformed == null) {
            malformed = why;
        }
    }

    public int tokenEvents() { return tokenEvents; }
    public int dataEvents() { return dataEvents; }
    /** Token events that carried reply content (the rest carried only reasoning). */
    public int contentEvents() { return contentEvents; }
    /** Arrival times of token-bearing events, trimmed to length. */
    public long[] tokenNanos() { return Arrays.copyOf(tokenNanos, tokenEvents); }
    public long firstTokenNanos() { return tokenEvents > 0 ? tokenNanos[0] : 0L; }
    public long lastTokenNanos() { return tokenEvents > 0 ? tokenNanos[tokenEvents - 1] : 0L; }
    public String content() { return content.toString(); }
    /** Characters of content so far, without copying it (APIs that resend the whole text use it to find what is new). */
    public int contentLength() { return content.length(); }
    public String reasoning() { return reasoning.toString(); }
    public boolean usageSeen() { return usageSeen; }
    public int promptTokens() { return promptTokens; }
    public int completionTokens() { return completionTokens; }
    public int cachedTokens() { return cachedTokens; }
    public int reasoningTokens() { return reasoningTokens; }
    public boolean done() { return done; }
    public String finishReason() { return finishReason; }
    public String bodyError() { return bodyError; }
    public String malformed() { return malformed; }
}
