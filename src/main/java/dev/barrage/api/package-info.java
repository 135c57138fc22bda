/**
 * Protocol adapters: how a prompt becomes a request body, and how a response's SSE events or
 * body become token events, text and token counts ({@link dev.barrage.api.ResponseState}).
 * Each {@code --api} is an {@link dev.barrage.api.ApiPlugin} found by {@link java.util.ServiceLoader}
 * ({@link dev.barrage.api.ApiPlugins}): {@code openai}, {@code openai_responses},
 * {@code anthropic}, {@code dashscope}, {@code openai_embedding}, {@code openai_rerank}, and any a
 * jar on the class path adds. The event parsers read one event each with Jackson's streaming parser.
 *
 * <p>Threads: bodies are built on the scheduler thread; events are handled on the connection's
 * I/O thread after their arrival was stamped, so adapters must not block, log or keep buffers.
 * Times are {@link java.lang.System#nanoTime()} values handed in by the transport.
 */
package dev.barrage.api;
