/**
 * What people read: console tables in evalscope's layout, the sweep's suggestions, progress lines
 * and {@code benchmark.log} ({@link dev.barrage.report.Console}, thread-safe); and everything
 * derived from the result files: runs rebuilt from their databases
 * ({@link dev.barrage.report.SweepLoader}), {@code perf_report.html} and comparisons
 * ({@link dev.barrage.report.HtmlReport}), {@code barrage report}
 * ({@link dev.barrage.report.ReportFiles}). Threads: the console is shared; the rest runs on the
 * main thread (or the dashboard's). Units: report data keeps the metrics' units (ms for TTFT, TPOT
 * and ITL, s for latency and time). Number formatting never depends on the locale. Imports neither
 * Netty nor picocli.
 */
package dev.barrage.report;
