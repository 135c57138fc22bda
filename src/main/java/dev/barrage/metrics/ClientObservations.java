package dev.barrage.metrics;

/**
 * What Barrage watched of itself and of its machine during one run, from which
 * {@link ClientVerdict#of} judges whether the figures measure the server. Fractions are of the
 * run's wall time; "CPUs" are CPU-seconds per second (1.0 = one core kept busy). A figure that
 * could not be measured on this system is {@link Double#NaN} ({@code null} for the backlog).
 *
 * @param loopLagP99Ms          event-loop lag, 99th percentile of time (see {@code docs/metrics.md})
 * @param loopLagMaxMs          the longest event-loop lag
 * @param busiestIoThread       CPU of the busiest I/O thread / wall time
 * @param ioThreadWaitedForCpu  the largest share of the run an I/O thread spent runnable but
 *                              waiting for a CPU ({@code /proc/self/task/<tid>/schedstat})
 * @param otherProcessesCpus    CPU used on the machine outside this process ({@code /proc/stat})
 * @param stealFraction         share of the machine's CPU time taken by the hypervisor
 * @param machineCpus           CPUs of the machine as the kernel counts them
 * @param processCpus           CPU of this whole process
 * @param ioThreadsCpus         CPU of all I/O threads together
 * @param simulatorCpus         CPU of an embedded simulator's threads (0 when there is none)
 * @param jitCpus               CPU of the JIT compiler threads
 * @param throttledFraction     share of the run the process's cgroup was throttled by its CPU quota
 * @param gcPauseFraction       stop-the-world GC pauses in all / wall time
 * @param gcMaxPauseMs          the longest stop-the-world pause
 * @param dispatchLagP99Ms      99th percentile of send − when the request could go
 * @param socketBacklogMaxBytes the most unread bytes seen in the kernel's socket buffers
 * @param dropped               open-loop sends dropped at {@code --max-in-flight}
 * @param ttftP99Ms             the run's TTFT p99, to say how much a lag weighs against it
 */
public record ClientObservations(
        double loopLagP99Ms,
        double loopLagMaxMs,
        double busiestIoThread,
        double ioThreadWaitedForCpu,
        double otherProcessesCpus,
        double stealFraction,
        int machineCpus,
        double processCpus,
        double ioThreadsCpus,
        double simulatorCpus,
        double jitCpus,
        double throttledFraction,
        double gcPauseFraction,
        double gcMaxPauseMs,
        double dispatchLagP99Ms,
        Long socketBacklogMaxBytes,
        int dropped,
        double ttftP99Ms) {

    /** Everything fine and nothing known about the machine: a starting point for tests and callers. */
    public static ClientObservations quiet() {
        return new ClientObservations(0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 1, 0, 0, 0, 0, Double.NaN, 0, 0, 0,
                null, 0, Double.NaN);
    }

    /** Barrage's own CPU outside the I/O threads and the embedded simulator (JIT, GC, collector, scheduler). */
    double ownOtherThreadsCpus() {
        return Math.max(0, processCpus - ioThreadsCpus - simulatorCpus);
    }
}
