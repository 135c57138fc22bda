package dev.barrage.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
 * <p>The wait is the server's {@code retry-after-ms} or {@code Retry-After} (seconds or an HTTP
 * date) when it sent one, else 0.5 s doubling per retry up to 8 s. No retry is made when the
 * wait would end past the request's total timeout. Stateless and thread-safe.
 */
final class RetryPolicy {
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(8);
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
        long delay = ex.retryAfterNanos > 0 ? ex.retryAfterNanos
                : Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(ex.retries, 20));
        boolean fitsInTotalTimeout = nowNanos + delay - ex.sendNanos < totalTimeoutNanos;
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
     * The wait a 429/503 answer asks for, in nanoseconds; 0 when it names none (or an unreadable
     * one). {@code retry-after-ms} (OpenAI's) wins over {@code Retry-After}.
     */
    static long retryAfterNanos(HttpHeaders headers, long nowEpochMillis) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            double v = parseNonNegative(ms);
            if (v >= 0) {
                return Math.round(v * 1e6);
            }
        }
        String value = headers.get(HttpHeaderNames.RETRY_AFTER);
        if (value == null) {
            return 0;
        }
        double seconds = parseNonNegative(value);
        if (seconds >= 0) {
            return Math.round(seconds * 1e9);
        }
        try {
            long at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, TimeUnit.MILLISECONDS.toNanos(at - nowEpochMillis));
        } catch (DateTimeParseException notADate) {
            return 0;
        }
    }

    private static double parseNonNegative(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            return v >= 0 && !Double.isInfinite(v) ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
