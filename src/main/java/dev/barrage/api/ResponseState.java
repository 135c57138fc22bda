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
    /** A usage count that is no count: out of range, negative, fractional, not a number. */
    static final int INVALID = -2;
    /**
     * The largest token count one request's usage can plausibly report (10^8: a hundred times the
     * longest context windows); beyond it the server's usage is invalid, not a measurement.
     */
    public static final int MAX_PLAUSIBLE_TOKENS = 100_000_000;

    private long[] tokenNanos = new long[64];
    private int tokenEvents;
    private int dataEvents;
    private int contentEvents;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    /** Tool-call (function-call) names and argument text, in arrival order; empty for most replies. */
    private StringBuilder toolCalls;
    private int promptTokens = UNKNOWN;
    private int completionTokens = UNKNOWN;
    private int cachedTokens = UNKNOWN;
    private int reasoningTokens = UNKNOWN;
    private boolean usageSeen;
    private boolean done;
    private String finishReason;
    private String bodyError;
    private String malformed;
    private String usageInvalid;
    /** The response's own {@code id} (OpenAI's {@code chatcmpl-...}), the first one seen. */
    private String responseId;
    /** The stream's terminal event ({@code [DONE]} or the API's own) was seen: what follows is not part of it. */
    private boolean streamEnded;
    private int eventsAfterEnd;

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

    /**
     * Records a tool-call delta: a function call's name (when the delta starts a call) and/or a
     * piece of its arguments. Tool-call arguments are output tokens the model generated, so the
     * event is a token event like a content delta: it times TTFT and ITL, and its text is kept
     * apart from the content (a conversation's history carries content only).
     *
     * @param name          the function's name when this delta starts a call, else {@code null}
     * @param argumentsText a piece of the arguments (JSON text), possibly empty
     */
    public void addToolCallEvent(long arrivalNanos, String name, String argumentsText) {
        if (addToolCallText(name, argumentsText)) {
            addTokenEvent(arrivalNanos, null, null);
        }
    }

    /**
     * Keeps a tool-call delta's text without making it a token event (for an event that carries
     * several calls, or content too: one event, one token event).
     *
     * @return true when there was text to keep
     */
    public boolean addToolCallText(String name, String argumentsText) {
        boolean hasName = name != null && !name.isEmpty();
        boolean hasArguments = argumentsText != null && !argumentsText.isEmpty();
        if (!hasName && !hasArguments) {
            return false;
        }
        if (toolCalls == null) {
            toolCalls = new StringBuilder();
        }
        if (hasName) {
            toolCalls.append(toolCalls.length() == 0 ? "" : "\n").append("[tool_call ").append(name).append("] ");
        }
        if (hasArguments) {
            toolCalls.append(argumentsText);
        }
        return true;
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

    /** {@code count} when it is a plausible token count (0 to {@link #MAX_PLAUSIBLE_TOKENS}), else {@link #INVALID}. */
    static int plausibleCount(int count) {
        return count >= 0 && count <= MAX_PLAUSIBLE_TOKENS ? count : INVALID;
    }

    /**
     * The server's usage counts; -1 for a count it did not report. A count that is no token count
     * ({@link #INVALID}, or any other negative or implausible value) is dropped, and the usage is
     * marked invalid: the request keeps its result, and its reported counts fall back to the
     * client's (tokenizer or counted events), as when no usage came.
     */
    public void setUsage(int prompt, int completion, int cached, int reasoningCount) {
        prompt = checked("prompt", prompt);
        completion = checked("completion", completion);
        cached = checked("cached", cached);
        reasoningCount = checked("reasoning", reasoningCount);
        if (prompt < 0 && completion < 0 && cached < 0 && reasoningCount < 0 && usageInvalid != null) {
            return; // nothing usable: as if no usage came
        }
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

    private int checked(String which, int count) {
        if (count == UNKNOWN || count >= 0 && count <= MAX_PLAUSIBLE_TOKENS) {
            return count;
        }
        if (usageInvalid == null) {
            usageInvalid = "the server's usage has an invalid " + which + " token count";
        }
        return UNKNOWN;
    }

    public void markDone() {
        done = true;
    }

    /**
     * The stream's terminal event arrived ({@code data: [DONE]}, Anthropic's {@code message_stop},
     * the Responses API's {@code response.completed}): the request's result is complete, and
     * events after it are counted ({@link #countEventAfterEnd}) but not read.
     */
    public void markEndOfStream() {
        done = true;
        streamEnded = true;
    }

    public boolean streamEnded() { return streamEnded; }

    public void countEventAfterEnd() {
        eventsAfterEnd++;
    }

    /** Events (or bytes the SSE parser could not read) that came after the stream's terminal event. */
    public int eventsAfterEnd() { return eventsAfterEnd; }

    /** Why the server's usage was dropped, or {@code null} when it was valid (or absent). */
    public String usageInvalid() { return usageInvalid; }

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
    /** Tool calls as {@code [tool_call name] arguments} lines; empty when the reply made none. */
    public String toolCalls() { return toolCalls == null ? "" : toolCalls.toString(); }
    /** True when any text came: content, reasoning or tool calls (without copying them). */
    public boolean hasText() {
        return content.length() > 0 || reasoning.length() > 0 || toolCalls != null && toolCalls.length() > 0;
    }
    public boolean usageSeen() { return usageSeen; }
    public int promptTokens() { return promptTokens; }
    public int completionTokens() { return completionTokens; }
    public int cachedTokens() { return cachedTokens; }
    public int reasoningTokens() { return reasoningTokens; }
    public boolean done() { return done; }
    public String finishReason() { return finishReason; }
    public String bodyError() { return bodyError; }
    public String malformed() { return malformed; }
    public String responseId() { return responseId; }

    /** The response's {@code id}; only the first one counts (every stream event repeats it). */
    public void setResponseId(String id) {
        if (responseId == null && id != null && !id.isEmpty()) {
            responseId = id.length() > 256 ? id.substring(0, 256) : id;
        }
    }
}
