/**
 * Visualizers ({@code --visualizer NAME}): besides its files, a sweep can be sent to W&amp;B,
 * SwanLab, MLflow or ClearML, or written as TensorBoard event files. Each one gets the run's
 * masked arguments at the start, each sweep step's summary and percentiles, and the end.
 * Protocols, endpoints and fields are in {@code docs/reports.md}.
 *
 * <p>Threads: called from the sweep's main thread between steps, never from an I/O thread or
 * during a measured run. A visualizer that fails (server unreachable, refused, malformed answer)
 * costs one warning line and is dropped for the rest of the sweep; the benchmark, its files and
 * its exit code never depend on it. Keys are sent only in request headers and are scrubbed from
 * every message. Units: metric names carry them ({@code avg_ttft_ms}, {@code avg_latency_s}).
 * Imports neither Netty nor picocli.
 */
package dev.barrage.visualizer;
