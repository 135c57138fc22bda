/**
 * The HTTP/1.1 client on Netty: connection pool ({@link dev.barrage.transport.HttpClient}),
 * pipeline ({@link dev.barrage.transport.ClientInitializer}: arrival stamp, optional CONNECT
 * tunnel, optional TLS, HTTP codec, exchange), byte-level SSE decoding
 * ({@link dev.barrage.transport.SseParser}), per-request timeouts and failure classification
 * ({@link dev.barrage.transport.ErrorType}, {@link dev.barrage.transport.Failures}),
 * {@code --retries} ({@link dev.barrage.transport.RetryPolicy}), proxies from the environment
 * ({@link dev.barrage.transport.Proxies}), credentials masked in recorded errors
 * ({@link dev.barrage.transport.Redactor}), and the benchmark-only
 * {@link dev.barrage.transport.DeliveryLagProbe}.
 *
 * <p>Threads: each connection belongs to one I/O thread, which does everything for the request
 * on it; nothing here blocks, logs or locks on that thread. A retry waits on an event loop's
 * timer, never in a sleeping thread. Times are {@link java.lang.System#nanoTime()} nanoseconds,
 * taken once per socket read before decoding.
 */
package dev.barrage.transport;
