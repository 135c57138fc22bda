/**
 * Running load: the sweep ({@link dev.barrage.load.SweepRunner}), one run
 * ({@link dev.barrage.load.StepRunner}), the load models ({@link dev.barrage.load.LoadRun}, with
 * trace replay's send times from {@link dev.barrage.load.TraceReplay}), the connection test, and
 * the collector thread that turns completed exchanges into records, metrics, SQLite rows and
 * progress.
 *
 * <p>Threads: the scheduler is the caller's thread and never touches I/O; completions arrive on
 * I/O threads and are only queued there; one collector thread per run does the rest. Ctrl-C and
 * SIGTERM reach the run through {@link dev.barrage.load.StopSignal}.
 */
package dev.barrage.load;
