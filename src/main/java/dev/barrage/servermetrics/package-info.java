/**
 * The server's side of a run ({@code --server-metrics}): a strict parser of the Prometheus text
 * format and OpenMetrics ({@link dev.barrage.servermetrics.ExpositionParser}), the scraper (one
 * thread per endpoint, blocking HTTP, never the load's event loop) writing {@code server_metrics}
 * into the run's database on a connection of its own, the engine mapping read from
 * {@code engine-metrics.json} (vLLM, SGLang, TGI, llama.cpp names to common concepts), and the
 * per-run aggregates and server-vs-client comparison read back from the database after the run.
 * Imports neither Netty nor picocli. Times: scrape timestamps in seconds of
 * {@link System#nanoTime()}, the clock of the result table; latencies in the summary in ms.
 * Definitions: docs/metrics.md, "Server metrics".
 */
package dev.barrage.servermetrics;
