package dev.barrage.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.barrage.metrics.ClientObservations;
import dev.barrage.metrics.ClientVerdict;
import dev.barrage.transport.ThreadCpu;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.HdrHistogram.Histogram;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches Barrage itself, and the machine around it, during a run, so that every run can say
 * whether the client, not the server, set the numbers — and if so what took the time. It
 * measures:
 * <ul>
 *   <li>event-loop lag on each I/O thread ({@link EventLoopLag}, every {@value #PROBE_PERIOD_MS} ms);</li>
 *   <li>per I/O thread: CPU time and time spent runnable but waiting for a CPU (Linux schedstat);</li>
 *   <li>the machine's CPU used outside this process, and steal ({@code /proc/stat}); a cgroup
 *       CPU quota's throttling; this process's CPU by thread role (JIT, embedded simulator);</li>
 *   <li>GC pauses (stop-the-world collections only);</li>
 *   <li>unread socket backlog ({@link SocketBacklog}).</li>
 * </ul>
 * Dispatch lag, dropped sends and TTFT come from the run's records. The rules are
 * {@link ClientVerdict#of}; limits are in {@code docs/metrics.md}, "Client-bottleneck verdict".
 *
 * <p>Threads: probes run on the I/O threads; the backlog sampler is one daemon thread;
 * {@link #start()}, {@link #stop()} and {@link #verdict} run on the caller's.
 */
final class ClientMonitor {
    static final long PROBE_PERIOD_MS = 10;

    private final EventLoopGroup group;
    private final EventLoopLag loopLag = new EventLoopLag(TimeUnit.MILLISECONDS.toNanos(PROBE_PERIOD_MS));
    private final SocketBacklog backlog;
    private final List<IoThread> ioThreads = new ArrayList<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final AtomicLong gcPauseNanos = new AtomicLong();
    private final AtomicLong gcMaxPauseNanos = new AtomicLong();
    private final NotificationListener gcListener = this::onGc;
    private Snapshot atStart;
    private Snapshot atStop;

    /** One I/O thread: its JVM id and, on Linux, its kernel id. */
    private record IoThread(long javaId, String tid) {
    }

    /** Everything read at the start and at the end of a run. */
    private record Snapshot(long nanos, long processCpuNanos, long[] ioCpuNanos, long[] ioWaitNanos,
            CpuSources.Machine machine, long throttledNanos, Map<String, Double> roles) {
    }

    /** @param targetPort the server's port: connections to it are Barrage's */
    ClientMonitor(EventLoopGroup group, int targetPort) {
        this.group = group;
        this.backlog = new SocketBacklog(targetPort);
    }

    void start() {
        List<CompletableFuture<IoThread>> ids = new ArrayList<>();
        for (EventExecutor loop : group) {
            CompletableFuture<IoThread> id = new CompletableFuture<>();
            loop.execute(() -> id.complete(new IoThread(Thread.currentThread().getId(), CpuSources.currentTid())));
            ids.add(id);
        }
        ids.forEach(id -> ioThreads.add(id.join()));
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
            }
        }
        atStart = snapshot();
        loopLag.start(group);
        backlog.start(loopLag::takeRecentMaxMicros);
    }

    private Snapshot snapshot() {
        long[] cpu = new long[ioThreads.size()];
        long[] wait = new long[ioThreads.size()];
        for (int i = 0; i < cpu.length; i++) {
            IoThread t = ioThreads.get(i);
            CpuSources.Sched s = CpuSources.schedstat(t.tid());
            cpu[i] = s != null ? s.cpuNanos() : threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(t.javaId())
                    : -1;
            wait[i] = s != null ? s.waitNanos() : -1;
        }
        return new Snapshot(System.nanoTime(), processCpuNanos(), cpu, wait, CpuSources.machine(),
                CpuSources.throttledNanos(), ThreadCpu.byRole());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        // ZGC and Shenandoah report their concurrent cycles here too; only their pauses stop the client
        String name = info.getGcName();
        if (name.contains("Concurrent") || name.contains("Cycles") || info.getGcAction().contains("concurrent")) {
            return;
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(info.getGcInfo().getDuration());
        gcPauseNanos.addAndGet(pause);
        gcMaxPauseNanos.accumulateAndGet(pause, Math::max);
    }

    void stop() {
        loopLag.stop();
        atStop = snapshot();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(gcListener);
                } catch (ListenerNotFoundException ignored) {
                    // never added
                }
            }
        }
        backlog.stop();
    }

    /**
     * @param dispatchLagP99Ms 99th percentile of (send − when the request could go), from the records
     * @param dropped          open-loop sends dropped at --max-in-flight
     * @param ttftP99Ms        the run's TTFT p99, NaN when it has none
     */
    ClientVerdict verdict(double dispatchLagP99Ms, int dropped, double ttftP99Ms) {
        return ClientVerdict.of(observations(dispatchLagP99Ms, dropped, ttftP99Ms));
    }

    ClientObservations observations(double dispatchLagP99Ms, int dropped, double ttftP99Ms) {
        double wall = Math.max(1, atStop.nanos() - atStart.nanos());
        Histogram lag = loopLag.histogram();
        double lagP99Ms = lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1000.0;
        double lagMaxMs = lag.getTotalCount() == 0 ? 0 : lag.getMaxValue() / 1000.0;
        double busiest = 0;
        double ioCpu = 0;
        double waited = Double.NaN;
        for (int i = 0; i < ioThreads.size(); i++) {
            long cpu = delta(atStart.ioCpuNanos()[i], atStop.ioCpuNanos()[i]);
            if (cpu >= 0) {
                busiest = Math.max(busiest, cpu / wall);
                ioCpu += cpu / wall;
            }
            long w = delta(atStart.ioWaitNanos()[i], atStop.ioWaitNanos()[i]);
            if (w >= 0) {
                waited = Math.max(Double.isNaN(waited) ? 0 : waited, w / wall);
            }
        }
        double process = Math.max(0, delta(atStart.processCpuNanos(), atStop.processCpuNanos()) / wall);
        double others = Double.NaN;
        double steal = Double.NaN;
        int cpus = Runtime.getRuntime().availableProcessors();
        CpuSources.Machine m0 = atStart.machine();
        CpuSources.Machine m1 = atStop.machine();
        if (m0 != null && m1 != null && m1.totalTicks() > m0.totalTicks()) {
            double ticks = m1.totalTicks() - m0.totalTicks();
            cpus = m1.cpus();
            // machine busy in CPUs, over the same interval as this process's own CPU
            double busy = (m1.busyTicks() - m0.busyTicks()) / ticks * cpus;
            others = Math.max(0, busy - process);
            steal = (m1.stealTicks() - m0.stealTicks()) / ticks;
        }
        long throttled = delta(atStart.throttledNanos(), atStop.throttledNanos());
        Map<String, Double> roles = ThreadCpu.minus(atStop.roles(), atStart.roles());
        double wallS = wall / 1e9;
        return new ClientObservations(lagP99Ms, lagMaxMs, busiest, waited, others, steal, cpus, process, ioCpu,
                roles.getOrDefault("sim", 0.0) / wallS, roles.getOrDefault("jit", 0.0) / wallS,
                throttled >= 0 ? throttled / wall : Double.NaN, gcPauseNanos.get() / wall, gcMaxPauseNanos.get() / 1e6,
                dispatchLagP99Ms, backlog.available() ? backlog.maxBytes() : null, dropped, ttftP99Ms);
    }

    /** {@code after - before}, or -1 when either reading is missing. */
    private static long delta(long before, long after) {
        return before >= 0 && after >= before ? after - before : -1;
    }
}
