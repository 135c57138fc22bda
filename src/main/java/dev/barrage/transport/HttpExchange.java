package dev.barrage.transport;

import dev.barrage.api.ResponseState;
import io.netty.handler.codec.http.HttpHeaders;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;

/**
 * One request and everything measured about it, from send to the last byte.
 *
 * <p>Threads: created by the scheduler, then owned by exactly one I/O thread at a time (a retry
 * moves it to another connection through that connection's task queue); the {@link Listener} is
 * called once, on an I/O thread, after which the exchange is never written again and may be
 * read by any thread that received it through a safe hand-off (e.g. a queue).
 *
 * <p>All times are {@link System#nanoTime()} values; 0 means "did not happen".
 */
public final class HttpExchange {
    /** Called exactly once when the exchange completed, failed or was cancelled. */
    public interface Listener {
        void onComplete(HttpExchange exchange);
    }

    private final long index;
    private final byte[] body;
    private final long intendedSendNanos;
    private final Listener listener;
    private final boolean captureHeaders;
    private final ResponseState state = new ResponseState();

    long sendNanos;
    long startEpochMillis;
    int attempts;
    /** Attempts made again by {@code --retries} (the stale keep-alive re-send is not one). */
    int retries;
    boolean reconnected;
    /** The wait a 429/503 answer of the current attempt asked for; -1 = none. */
    long retryAfterNanos = -1;
    int statusCode;
    HttpHeaders responseHeaders;
    long firstByteNanos;
    long endNanos;
    boolean sse;
    String errorType;
    String error;
    /** 0 until completed; set once by compare-and-set, as a stop may complete from another thread. */
    @SuppressWarnings("unused") // through COMPLETED
    private volatile int completed;
    private static final VarHandle COMPLETED;

    static {
        try {
            COMPLETED = MethodHandles.lookup().findVarHandle(HttpExchange.class, "completed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The client's set of unfinished requests, left on completion; {@code null} before execute. */
    Set<HttpExchange> unfinished;
    /** Times a pooled connection was found closed between being picked and carrying this request. */
    int poolRaces;
    /** Interim (1xx) responses skipped before the real one. */
    int interimResponses;
    /** The Content-Encoding the response came in and Barrage decoded; {@code null} for identity. */
    String contentEncoding;
    /** A complete 2xx reply of a text API with no output at all: no token, no text, no output count. */
    boolean emptyReply;
    /** Set by the client: hides its credentials in the recorded error message. */
    Redactor redactor;

    /**
     * @param index             the request's position in its run (0-based)
     * @param body              the request body (UTF-8 JSON)
     * @param intendedSendNanos when the load model wanted this request sent
     * @param captureHeaders    keep the response headers (for run metadata)
     */
    public HttpExchange(long index, byte[] body, long intendedSendNanos, boolean captureHeaders, Listener listener) {
        this.index = index;
        this.body = body;
        this.intendedSendNanos = intendedSendNanos;
        this.captureHeaders = captureHeaders;
        this.listener = listener;
    }

    /**
     * Marks success or failure once and notifies the listener; later calls are ignored.
     *
     * @return true when this call completed the exchange
     */
    boolean complete(long nowNanos, String failureType, String failureMessage) {
        if (!COMPLETED.compareAndSet(this, 0, 1)) {
            return false;
        }
        if (unfinished != null) {
            unfinished.remove(this);
        }
        endNanos = nowNanos;
        if (failureType == null && state.bodyError() != null) {
            failureType = ErrorType.SERVER_ERROR_EVENT;
            failureMessage = state.bodyError();
        } else if (failureType == null && state.malformed() != null) {
            failureType = ErrorType.BAD_RESPONSE;
            failureMessage = state.malformed();
        }
        errorType = failureType;
        error = redactor != null ? redactor.redact(failureMessage) : failureMessage;
        listener.onComplete(this);
        return true;
    }

    /** Forgets what the failed attempt saw of a response, before the next attempt. */
    void prepareRetry() {
        retries++;
        firstByteNanos = 0;
        statusCode = 0;
        sse = false;
        retryAfterNanos = -1;
    }

    boolean captureHeaders() {
        return captureHeaders;
    }

    public long index() { return index; }
    public byte[] body() { return body; }
    public long intendedSendNanos() { return intendedSendNanos; }
    public long sendNanos() { return sendNanos; }
    public long startEpochMillis() { return startEpochMillis; }
    /**
     * Number of attempts: 1, plus one for a re-send after a stale keep-alive connection, plus one
     * per {@code --retries} retry.
     */
    public int attempts() { return attempts; }
    /** Attempts beyond the first made by {@code --retries}. */
    public int retries() { return retries; }
    /** True when the first attempt met a stale keep-alive connection and was sent again. */
    public boolean reconnected() { return reconnected; }
    /** HTTP status, or 0 when no response arrived. */
    public int statusCode() { return statusCode; }
    /** Response headers when capture was requested, else {@code null}. */
    public HttpHeaders responseHeaders() { return responseHeaders; }
    public long firstByteNanos() { return firstByteNanos; }
    /** Interim (1xx) responses the server sent before its answer, skipped. */
    public int interimResponses() { return interimResponses; }
    /** Times the request met a pooled connection that had closed before it could be sent on it. */
    public int poolRaces() { return poolRaces; }
    /** The compression the server applied though Barrage asked for none, decoded; {@code null} when none. */
    public String contentEncoding() { return contentEncoding; }
    /** True when a complete reply of a text API carried no output at all (flagged, not failed). */
    public boolean emptyReply() { return emptyReply; }
    public long endNanos() { return endNanos; }
    /** True when the response was an SSE stream. */
    public boolean sse() { return sse; }
    public ResponseState state() { return state; }
    public boolean success() { return errorType == null; }
    public String errorType() { return errorType; }
    public String error() { return error; }

    private long slotNanos;
    /** Name, value, name, value ... of this request's own headers; {@code null} for most requests. */
    private String[] requestHeaders;

    /**
     * Headers of this request alone (a replayed trace record's own), set before it is executed; they
     * go on top of the client's. The array holds names and values alternately, is shared (the
     * caller must never change it) and is {@code null} when there are none, so the common request
     * costs nothing.
     */
    public HttpExchange requestHeaders(String[] namesAndValues) {
        this.requestHeaders = namesAndValues;
        return this;
    }

    /** This request's own headers, names and values alternately; {@code null} for most requests. */
    public String[] requestHeaders() { return requestHeaders; }

    /** The response header holding the server's id of this request (docs/metrics.md, "Request identity"). */
    private String idHeader = "x-request-id";
    /** That header's value in the response, or {@code null}; set on the I/O thread before completion. */
    String serverRequestId;

    /** Reads the server's request id from this response header instead of {@code x-request-id}. */
    public HttpExchange idHeader(String name) {
        this.idHeader = name;
        return this;
    }

    /** The header name of {@link #serverRequestId()} (and of the id this request sent, if any). */
    public String idHeaderName() { return idHeader; }

    /** The server's id of this request from the response's {@link #idHeader} header, or {@code null}. */
    public String serverRequestId() { return serverRequestId; }

    /** Records when the load model gave this request its concurrency slot (before it is sent). */
    public void slotAcquired(long nanos) {
        slotNanos = nanos;
    }

    /** When the request got its concurrency slot; 0 when the load model has no slots. */
    public long slotNanos() { return slotNanos; }

    private long conversation = -1;
    private int turn;

    /** Marks this request as turn {@code number} (1-based) of conversation {@code conversation}. */
    public HttpExchange turn(long conversation, int number) {
        this.conversation = conversation;
        this.turn = number;
        return this;
    }

    /** The conversation this request belongs to, or -1 for a single request. */
    public long conversation() { return conversation; }

    /** This request's turn in its conversation (1-based); 0 for a single request. */
    public int turn() { return turn; }
}
