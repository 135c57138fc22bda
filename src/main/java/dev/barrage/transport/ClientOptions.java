package dev.barrage.transport;

import java.util.Map;

/**
 * Settings of one {@link HttpClient}.
 *
 * @param connectTimeoutMillis    TCP (+TLS) connect limit, at least 1
 * @param readTimeoutNanos        longest silence from the server during a request; 0 = none
 * @param totalTimeoutNanos       longest a request may take from its send time, at least 1
 * @param headers                 extra request headers, sent verbatim
 * @param apiKey                  sent as {@code Authorization: Bearer <key>}, or {@code null}
 * @param maxEventBytes           largest SSE event accepted
 * @param maxBodyBytes            largest non-streamed body accepted
 * @param retries                 {@code --retries}: how many times a request is sent again after a
 *                                connection-level failure or a 429/503 answer (0 = never)
 * @param proxies                 HTTP proxies to go through ({@link Proxies#NONE} = direct)
 */
public record ClientOptions(int connectTimeoutMillis, long readTimeoutNanos, long totalTimeoutNanos,
        Map<String, String> headers, String apiKey, int maxEventBytes, int maxBodyBytes, int retries,
        Proxies proxies) {

    public static final int DEFAULT_MAX_EVENT_BYTES = 16 << 20;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 << 20;

    public ClientOptions {
        if (connectTimeoutMillis < 1) {
            throw new IllegalArgumentException("connectTimeoutMillis (" + connectTimeoutMillis + ") should be >= 1");
        }
        if (totalTimeoutNanos < 1) {
            throw new IllegalArgumentException("totalTimeoutNanos (" + totalTimeoutNanos + ") should be >= 1");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries (" + retries + ") should be >= 0");
        }
        headers = Map.copyOf(headers);
    }

    /** Without retries and proxies. */
    public ClientOptions(int connectTimeoutMillis, long readTimeoutNanos, long totalTimeoutNanos,
            Map<String, String> headers, String apiKey, int maxEventBytes, int maxBodyBytes) {
        this(connectTimeoutMillis, readTimeoutNanos, totalTimeoutNanos, headers, apiKey, maxEventBytes, maxBodyBytes,
                0, Proxies.NONE);
    }

    /** The same options with {@code --retries n}. */
    public ClientOptions withRetries(int n) {
        return new ClientOptions(connectTimeoutMillis, readTimeoutNanos, totalTimeoutNanos, headers, apiKey,
                maxEventBytes, maxBodyBytes, n, proxies);
    }

    /** The same options going through {@code p}. */
    public ClientOptions withProxies(Proxies p) {
        return new ClientOptions(connectTimeoutMillis, readTimeoutNanos, totalTimeoutNanos, headers, apiKey,
                maxEventBytes, maxBodyBytes, retries, p);
    }

    /** The same options with other read and total timeouts (nanoseconds; read 0 = none). */
    public ClientOptions withTimeouts(long readNanos, long totalNanos) {
        return new ClientOptions(connectTimeoutMillis, readNanos, totalNanos, headers, apiKey, maxEventBytes,
                maxBodyBytes, retries, proxies);
    }

    /**
     * From seconds as the CLI takes them; a {@code null} connect timeout means "bounded only by
     * the total timeout", a {@code null} read timeout means "none".
     */
    public static ClientOptions fromSeconds(Double connectS, Double readS, double totalS,
            Map<String, String> headers, String apiKey) {
        double connect = connectS != null ? Math.min(connectS, totalS) : totalS;
        int connectMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(connect * 1000)));
        long readNanos = readS == null ? 0 : Math.max(1, Math.round(readS * 1e9));
        long totalNanos = Math.max(1, Math.round(totalS * 1e9));
        return new ClientOptions(connectMillis, readNanos, totalNanos, headers, apiKey,
                DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_BODY_BYTES);
    }
}
