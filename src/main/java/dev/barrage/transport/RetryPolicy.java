package dev.barrage.transport;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Date;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code --retries N}: which failures are worth sending a request again, and after how long.
 *
 * <p>Retried: failures to connect ({@code connection_refused}, {@code connect_timeout},
 * {@code connect_error}), a connection closed before any response byte, and HTTP 429 and 503
 * (the server asks to come back). Never retried: anything after response bytes arrived (the
 * measurement has started), other statuses, timeouts, TLS and DNS failures (they would fail the
 * same way again).
 *
 * <p>The wait is the server's {@code retry-after-ms} or {@code Retry-After} (seconds, 0 included,
 * or an HTTP date in any of the three forms HTTP allows) when it sent one, capped at
 * {@value #MAX_SERVER_WAIT_SECONDS} s (a server asking for hours is answered as if it asked for
 * that), else 0.5 s doubling per retry up to 8 s. No retry is made when the wait would end past
 * the request's total timeout (or the run's end: {@link HttpClient#retryDeadline}). Stateless and
 * thread-safe.
 */
final class RetryPolicy {
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(8);
    /** The longest wait a server's Retry-After can impose on one retry. */
    static final int MAX_SERVER_WAIT_SECONDS = 60;
    static final long MAX_SERVER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(MAX_SERVER_WAIT_SECONDS);
    private static final Set<String> CONNECTION_LEVEL = Set.of(ErrorType.CONNECTION_REFUSED,
            ErrorType.CONNECT_TIMEOUT, ErrorType.CONNECT_ERROR);

    private final int maxRetries;
    private final long totalTimeoutNanos;

    RetryPolicy(int maxRetries, long totalTimeoutNanos) {
        this.maxRetries = maxRetries;
        this.totalTimeoutNanos = totalTimeoutNanos;
    }

    /**
     * How long to wait before the next attempt, or -1 for no retry.
     *
     * @param errorType why this attempt failed
     * @param nowNanos  {@link System#nanoTime()} now
     */
    long delayNanos(HttpExchange ex, String errorType, long nowNanos) {
        if (ex.retries >= maxRetries || !retryable(ex, errorType)) {
            return -1;
        }
        long delay = ex.retryAfterNanos >= 0 ? Math.min(ex.retryAfterNanos, MAX_SERVER_WAIT_NANOS)
                : Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(ex.retries, 20));
        // differences only: nanoTime values may be near overflow, and so may a timeout of "forever"
        boolean fitsInTotalTimeout = delay < totalTimeoutNanos - (nowNanos - ex.sendNanos);
        return fitsInTotalTimeout ? delay : -1;
    }

    static boolean retryable(HttpExchange ex, String errorType) {
        if (CONNECTION_LEVEL.contains(errorType)) {
            return true;
        }
        if (ErrorType.CONNECTION_CLOSED.equals(errorType)) {
            return ex.firstByteNanos == 0;
        }
        return ErrorType.HTTP_ERROR.equals(errorType) && (ex.statusCode == 429 || ex.statusCode == 503);
    }

    /**
     * The wait a 429/503 answer asks for, in nanoseconds, at most {@link #MAX_SERVER_WAIT_NANOS};
     * -1 when it names none (or an unreadable one); 0 for "now" (and for a date in the past).
     * {@code retry-after-ms} (OpenAI's) wins over {@code Retry-After}.
     */
    static long retryAfterNanos(HttpHeaders headers, long nowEpochMillis) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            double v = parseNonNegative(ms);
            if (v >= 0) {
                return cappedNanos(v / 1e3);
            }
        }
        String value = headers.get(HttpHeaderNames.RETRY_AFTER);
        if (value == null) {
            return -1;
        }
        double seconds = parseNonNegative(value);
        if (seconds >= 0) {
            return cappedNanos(seconds);
        }
        Date at = DateFormatter.parseHttpDate(value.trim()); // IMF-fixdate, RFC 850 and asctime
        return at == null ? -1 : cappedNanos(Math.max(0, at.getTime() - nowEpochMillis) / 1e3);
    }

    /** Seconds as nanoseconds, capped before the conversion so that no value can overflow. */
    private static long cappedNanos(double seconds) {
        return seconds >= MAX_SERVER_WAIT_SECONDS ? MAX_SERVER_WAIT_NANOS : Math.round(seconds * 1e9);
    }

    private static double parseNonNegative(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            return v >= 0 && !Double.isNaN(v) ? v : -1; // Infinity is capped like any long wait
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
