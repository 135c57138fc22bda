/**
 * The HTTP/1.1 client on Netty: connection pool ({@link dev.barrage.transport.HttpClient}),
 * pipeline ({@link dev.barrage.transport.ClientInitializer}: arrival stamp, optional TLS, HTTP
 * codec, exchange), byte-level SSE decoding ({@link dev.barrage.transport.SseParser}),
 * per-request timeouts and failure classification ({@link dev.barrage.transport.ErrorType}).
 *
 * <p>Threads: each connection belongs to one I/O thread, which does everything for the request
 * on it; nothing here blocks, logs or locks on that thread. Times are
 * {@link java.lang.System#nanoTime()} nanoseconds, taken once per socket read before decoding.
 */
package dev.barrage.transport;
