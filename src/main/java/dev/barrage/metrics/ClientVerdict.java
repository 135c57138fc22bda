package dev.barrage.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether Barrage itself kept up during a run, from what it watched of itself and of its
 * machine, and — when it did not — what took the time: Barrage's own work, other processes, a
 * container's CPU quota, garbage collection or an embedded simulator. Limits and rules are in
 * {@code docs/metrics.md}, "Client-bottleneck verdict".
 *
 * @param clientLimited true when any check crossed its limit
 * @param cause         what most likely distorted the run, with its evidence; {@code null} when
 *                      the client kept up
 * @param reasons       one phrase per crossed limit, e.g. "event-loop lag p99 48.1 ms (limit 5 ms)"
 * @param checks        every measured value, for the summary JSON
 */
public record ClientVerdict(boolean clientLimited, String cause, List<String> reasons, Map<String, Object> checks) {
    public static final double MAX_LOOP_LAG_P99_MS = 5;
    public static final double MAX_IO_BUSY = 0.90;
    public static final double MAX_GC_PAUSE_MS = 50;
    public static final double MAX_GC_FRACTION = 0.05;
    public static final double MAX_DISPATCH_LAG_P99_MS = 50;
    public static final long MAX_BACKLOG_BYTES = 4L << 20;
    /** An I/O thread that waited for a CPU this share of the run was slowed by CPU contention. */
    static final double CONTENDED_WAIT = 0.02;
    /** Throttled this share of the run by a cgroup CPU quota: the quota is the cause. */
    static final double THROTTLED = 0.02;
    /** An I/O thread this busy is named next to other processes that took the CPU. */
    static final double SHARED_BLAME_BUSY = 0.40;

    static final String LAG_KEY = "Event-loop lag p99 (ms)";
    static final String LAG_MAX_KEY = "Event-loop lag max (ms)";

    public ClientVerdict {
        reasons = List.copyOf(reasons);
        checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    /** Judges one run. */
    public static ClientVerdict of(ClientObservations o) {
        List<String> reasons = new ArrayList<>();
        boolean late = false;
        if (o.loopLagP99Ms() > MAX_LOOP_LAG_P99_MS) {
            late = true;
            reasons.add(f("event-loop lag p99 %.1f ms (limit %.0f ms, max %.1f ms): arrival timestamps were late by up"
                    + " to that%s", o.loopLagP99Ms(), MAX_LOOP_LAG_P99_MS, o.loopLagMaxMs(), weight(o)));
        }
        boolean ioBusy = o.busiestIoThread() > MAX_IO_BUSY;
        if (ioBusy) {
            reasons.add(f("an I/O thread was busy %.0f%% of the time (limit %.0f%%)", o.busiestIoThread() * 100,
                    MAX_IO_BUSY * 100));
        }
        boolean gc = o.gcMaxPauseMs() > MAX_GC_PAUSE_MS || o.gcPauseFraction() > MAX_GC_FRACTION;
        if (gc) {
            reasons.add(f("GC paused the client %.1f%% of the time, longest %.0f ms", o.gcPauseFraction() * 100,
                    o.gcMaxPauseMs()));
        }
        if (o.dispatchLagP99Ms() > MAX_DISPATCH_LAG_P99_MS) {
            late = true;
            reasons.add(f("requests went out late: dispatch lag p99 %.1f ms (limit %.0f ms)", o.dispatchLagP99Ms(),
                    MAX_DISPATCH_LAG_P99_MS));
        }
        if (o.socketBacklogMaxBytes() != null && o.socketBacklogMaxBytes() > MAX_BACKLOG_BYTES) {
            late = true;
            reasons.add(f("unread data piled up in socket buffers (max %d KiB)", o.socketBacklogMaxBytes() / 1024));
        }
        if (o.dropped() > 0) {
            reasons.add(o.dropped() + " sends dropped at --max-in-flight: the asked-for load was not offered");
        }
        String cause = reasons.isEmpty() ? null : cause(o, late || ioBusy, gc);
        return new ClientVerdict(!reasons.isEmpty(), cause, reasons, checks(o, cause));
    }

    /**
     * The likeliest cause, in order: a CPU quota that throttled the process; GC when it crossed its
     * own limit or explains the worst stall; a saturated I/O thread; CPU contention (the I/O
     * threads waited for a CPU), blamed on whoever used the most CPU meanwhile — other processes
     * (with the hypervisor's steal), the embedded simulator, Barrage's other threads or the I/O
     * threads themselves; late timing without contention is Barrage's own work; dropped sends
     * alone are the load asked for.
     */
    private static String cause(ClientObservations o, boolean timing, boolean gcCrossed) {
        if (o.throttledFraction() >= THROTTLED) {
            return f("the CPU limit of Barrage's container or cgroup: throttled %.0f%% of the run", o.throttledFraction()
                    * 100);
        }
        boolean contended = o.ioThreadWaitedForCpu() >= CONTENDED_WAIT;
        boolean gcExplainsStall = o.gcMaxPauseMs() > MAX_LOOP_LAG_P99_MS && o.gcMaxPauseMs() >= 0.5 * o.loopLagMaxMs();
        if (gcCrossed || timing && gcExplainsStall && !contended) {
            return f("garbage collection: longest pause %.0f ms, %.1f%% of the run", o.gcMaxPauseMs(),
                    o.gcPauseFraction() * 100);
        }
        String waited = Double.isNaN(o.ioThreadWaitedForCpu()) ? ""
                : f("; the I/O threads waited for a CPU %.0f%% of the run", o.ioThreadWaitedForCpu() * 100);
        String ownWork = f("Barrage's own work: the busiest I/O thread used %.0f%% of a CPU, the I/O threads %.2f CPUs,"
                + " Barrage %.2f CPUs%s", o.busiestIoThread() * 100, o.ioThreadsCpus(), o.processCpus(), waited);
        if (o.busiestIoThread() > MAX_IO_BUSY) {
            return ownWork;
        }
        double others = nan0(o.otherProcessesCpus()) + nan0(o.stealFraction()) * o.machineCpus();
        if (timing && (contended || Double.isNaN(o.ioThreadWaitedForCpu()) && others >= 0.5)) {
            double own = o.ownOtherThreadsCpus();
            double largest = Math.max(Math.max(others, o.simulatorCpus()), Math.max(own, o.ioThreadsCpus()));
            if (others == largest) {
                // a heavily loaded I/O thread is part of the story even when others took more
                String ownToo = o.busiestIoThread() >= SHARED_BLAME_BUSY ? f("; Barrage's busiest I/O thread was busy"
                        + " %.0f%% of the time", o.busiestIoThread() * 100) : "";
                return f("CPU taken by other processes: %.2f of %d CPUs busy outside Barrage%s%s%s", others,
                        o.machineCpus(), nan0(o.stealFraction()) >= 0.01 ? f(" (steal %.0f%%)",
                                o.stealFraction() * 100) : "", waited, ownToo);
            }
            if (o.simulatorCpus() == largest) {
                return f("the embedded simulator, which shares Barrage's CPUs: it used %.2f CPUs%s",
                        o.simulatorCpus(), waited);
            }
            if (own == largest) {
                return f("Barrage's own threads besides the I/O threads (JIT compiler %.2f CPUs, GC, collector,"
                        + " scheduler: %.2f CPUs in all)%s", o.jitCpus(), own, waited);
            }
            return ownWork;
        }
        if (timing) {
            return ownWork;
        }
        return "the load asked for: more requests were due than --max-in-flight allows";
    }

    /** " (TTFT p99 412.0 ms)" when known: what a lag of this size weighs against. */
    private static String weight(ClientObservations o) {
        return Double.isNaN(o.ttftP99Ms()) ? "" : f(", against a TTFT p99 of %.1f ms", o.ttftP99Ms());
    }

    private static Map<String, Object> checks(ClientObservations o, String cause) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(LAG_KEY, round(o.loopLagP99Ms()));
        c.put(LAG_MAX_KEY, round(o.loopLagMaxMs()));
        c.put("Busiest I/O thread CPU (%)", round(o.busiestIoThread() * 100));
        c.put("I/O thread waited for CPU (%)", percentOrNull(o.ioThreadWaitedForCpu()));
        c.put("GC pause total (%)", round(o.gcPauseFraction() * 100));
        c.put("GC pause max (ms)", round(o.gcMaxPauseMs()));
        c.put("Dispatch lag p99 (ms)", round(o.dispatchLagP99Ms()));
        c.put("Socket backlog max (bytes)", o.socketBacklogMaxBytes());
        c.put("Dropped sends", o.dropped());
        c.put("Barrage CPU (CPUs)", round(o.processCpus()));
        c.put("I/O threads CPU (CPUs)", round(o.ioThreadsCpus()));
        c.put("JIT compiler CPU (CPUs)", round(o.jitCpus()));
        c.put("Embedded simulator CPU (CPUs)", round(o.simulatorCpus()));
        c.put("Other processes CPU (CPUs)", Double.isNaN(o.otherProcessesCpus()) ? null : round(o.otherProcessesCpus()));
        c.put("Steal (%)", percentOrNull(o.stealFraction()));
        c.put("CPU throttled (%)", percentOrNull(o.throttledFraction()));
        c.put("Machine CPUs", o.machineCpus());
        return c;
    }

    /**
     * The one line printed after each run: {@code Client check: client kept up (event-loop lag
     * p99 0.08 ms, max 1.20 ms)} or {@code CLIENT-LIMITED (cause: ...): reasons — these numbers
     * measure ..., not the server}.
     */
    public String line() {
        if (!clientLimited) {
            Object p99 = checks.get(LAG_KEY);
            Object max = checks.get(LAG_MAX_KEY);
            return "Client check: client kept up" + (p99 instanceof Number a && max instanceof Number b
                    ? f(" (event-loop lag p99 %.2f ms, max %.2f ms)", a.doubleValue(), b.doubleValue()) : "");
        }
        String subject = cause != null && (cause.startsWith("CPU taken by other") || cause.startsWith("the CPU limit"))
                ? "a machine short of CPU" : "Barrage";
        return "CLIENT-LIMITED" + (cause != null ? " (cause: " + cause + ")" : "") + ": " + String.join("; ", reasons)
                + " — these numbers measure " + subject + ", not the server";
    }

    private static Double percentOrNull(double fraction) {
        return Double.isNaN(fraction) ? null : round(fraction * 100);
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
