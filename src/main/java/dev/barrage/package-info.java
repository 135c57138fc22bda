/**
 * Barrage: a load tester and benchmark for LLM inference servers.
 *
 * <p>{@link dev.barrage.Main} is the command line (and the only place that exits the JVM);
 * {@link dev.barrage.Barrage#runPerfBenchmark} is the Java API, shaped like evalscope's
 * {@code run_perf_benchmark(Arguments)}. {@link dev.barrage.ExitCode} is the one table of exit
 * codes; {@link dev.barrage.BarrageException} carries a user-facing one-line message and its code.
 */
package dev.barrage;
