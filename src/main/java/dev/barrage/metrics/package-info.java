/**
 * Per-request records and the run's summary and percentiles. The definitions are in
 * {@code docs/metrics.md}; the code here is those definitions. Imports neither Netty nor picocli.
 *
 * <p>Threads: records are immutable; a {@link dev.barrage.metrics.RunAccumulator} belongs to one
 * run's collector thread. Units: records hold nanoseconds; summaries and tables hold
 * milliseconds (TTFT, ITL, TPOT) and seconds (latency, duration), as their names say.
 */
package dev.barrage.metrics;
