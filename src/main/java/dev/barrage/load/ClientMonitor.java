package dev.barrage.load;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.barrage.metrics.ClientVerdict;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches Barrage itself during a run, so that every run can say whether the client, not the
 * server, set the numbers. It measures:
 * <ul>
 *   <li>event-loop lag: a probe scheduled every {@value #PROBE_PERIOD_MS} ms on each I/O thread
 *       records how late it ran — the delay any byte arriving then could have waited before its
 *       timestamp;</li>
 *   <li>I/O-thread CPU: the busiest I/O thread's CPU time over wall time;</li>
 *   <li>GC pauses (stop-the-world collections only);</li>
 *   <li>unread socket backlog: bytes received by the kernel on Barrage's connections but not yet
 *       read ({@code /proc/net/tcp}, Linux only), sampled every second.</li>
 * </ul>
 * Dispatch lag and dropped sends come from the run's records. Limits are in
 * {@code docs/metrics.md}, "Client-bottleneck verdict".
 *
 * <p>Threads: probes run on the I/O threads (one histogram recorder each, wait-free); the
 * backlog sampler is one daemon thread; {@link #stop()} and {@link #verdict} on the caller's.
 */
final class ClientMonitor {
    static final long PROBE_PERIOD_MS = 10;
    static final double MAX_LOOP_LAG_P99_MS = 5;
    static final double MAX_IO_BUSY = 0.90;
    static final double MAX_GC_PAUSE_MS = 50;
    static final double MAX_GC_FRACTION = 0.05;
    static final double MAX_DISPATCH_LAG_P99_MS = 50;
    static final long MAX_BACKLOG_BYTES = 4L << 20;

    private final EventLoopGroup group;
    private final SocketBacklog backlog;
    private final List<ScheduledFuture<?>> probes = new ArrayList<>();
    private final Recorder loopLagMicros = new Recorder(3);
    private final List<Long> ioThreadIds = new ArrayList<>();
    private final Map<Long, Long> cpuAtStart = new LinkedHashMap<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final AtomicLong gcPauseNanos = new AtomicLong();
    private final AtomicLong gcMaxPauseNanos = new AtomicLong();
    private final NotificationListener gcListener = this::onGc;
    private long startNanos;
    private long stopNanos;
    private Map<Long, Long> cpuAtStop = Map.of();

    /** @param targetPort the server's port: connections to it are Barrage's */
    ClientMonitor(EventLoopGroup group, int targetPort) {
        this.group = group;
        this.backlog = new SocketBacklog(targetPort);
    }

    void start() {
        startNanos = System.nanoTime();
        List<CompletableFuture<Long>> ids = new ArrayList<>();
        for (EventExecutor loop : group) {
            CompletableFuture<Long> id = new CompletableFuture<>();
            loop.execute(() -> id.complete(Thread.currentThread().getId()));
            ids.add(id);
            probes.add(scheduleProbe(loop));
        }
        for (CompletableFuture<Long> id : ids) {
            long tid = id.join();
            ioThreadIds.add(tid);
            cpuAtStart.put(tid, threadCpu(tid));
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(gcListener, null, null);
            }
        }
        backlog.start();
    }

    private ScheduledFuture<?> scheduleProbe(EventExecutor loop) {
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(PROBE_PERIOD_MS);
        long first = System.nanoTime() + periodNanos;
        long[] due = {first};
        return loop.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            loopLagMicros.recordValue(Math.max(0, (now - due[0]) / 1000));
            due[0] += periodNanos;
            if (now - due[0] > periodNanos) {
                due[0] = now;
            }
        }, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcName().contains("Concurrent") || info.getGcAction().contains("concurrent")) {
            return;
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(info.getGcInfo().getDuration());
        gcPauseNanos.addAndGet(pause);
        gcMaxPauseNanos.accumulateAndGet(pause, Math::max);
    }

    void stop() {
        stopNanos = System.nanoTime();
        probes.forEach(p -> p.cancel(false));
        Map<Long, Long> cpu = new LinkedHashMap<>();
        for (long tid : ioThreadIds) {
            cpu.put(tid, threadCpu(tid));
        }
        cpuAtStop = cpu;
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

    private long threadCpu(long tid) {
        return threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(tid) : -1;
    }

    /**
     * @param dispatchLagP99Ms 99th percentile of (send − when the request could go), from the records
     * @param dropped          open-loop sends dropped at --max-in-flight
     */
    ClientVerdict verdict(double dispatchLagP99Ms, int dropped) {
        double wallNanos = Math.max(1, stopNanos - startNanos);
        Histogram lag = loopLagMicros.getIntervalHistogram();
        double lagP99Ms = lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99) / 1000.0;
        double lagMaxMs = lag.getTotalCount() == 0 ? 0 : lag.getMaxValue() / 1000.0;
        double busiest = 0;
        for (long tid : ioThreadIds) {
            long before = cpuAtStart.getOrDefault(tid, -1L);
            long after = cpuAtStop.getOrDefault(tid, -1L);
            if (before >= 0 && after >= before) {
                busiest = Math.max(busiest, (after - before) / wallNanos);
            }
        }
        double gcFraction = gcPauseNanos.get() / wallNanos;
        double gcMaxMs = gcMaxPauseNanos.get() / 1e6;

        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("Event-loop lag p99 (ms)", round(lagP99Ms));
        checks.put("Event-loop lag max (ms)", round(lagMaxMs));
        checks.put("Busiest I/O thread CPU (%)", round(busiest * 100));
        checks.put("GC pause total (%)", round(gcFraction * 100));
        checks.put("GC pause max (ms)", round(gcMaxMs));
        checks.put("Dispatch lag p99 (ms)", round(dispatchLagP99Ms));
        checks.put("Socket backlog max (bytes)", backlog.available() ? backlog.maxBytes() : null);
        checks.put("Dropped sends", dropped);

        List<String> reasons = new ArrayList<>();
        if (lagP99Ms > MAX_LOOP_LAG_P99_MS) {
            reasons.add(String.format(Locale.ROOT, "event-loop lag p99 %.1f ms (limit %.0f ms): arrival timestamps"
                    + " were late by up to that", lagP99Ms, MAX_LOOP_LAG_P99_MS));
        }
        if (busiest > MAX_IO_BUSY) {
            reasons.add(String.format(Locale.ROOT, "an I/O thread was busy %.0f%% of the time (limit %.0f%%)",
                    busiest * 100, MAX_IO_BUSY * 100));
        }
        if (gcMaxMs > MAX_GC_PAUSE_MS || gcFraction > MAX_GC_FRACTION) {
            reasons.add(String.format(Locale.ROOT, "GC paused the client %.1f%% of the time, longest %.0f ms",
                    gcFraction * 100, gcMaxMs));
        }
        if (dispatchLagP99Ms > MAX_DISPATCH_LAG_P99_MS) {
            reasons.add(String.format(Locale.ROOT, "requests went out late: dispatch lag p99 %.1f ms (limit %.0f ms)",
                    dispatchLagP99Ms, MAX_DISPATCH_LAG_P99_MS));
        }
        if (backlog.available() && backlog.maxBytes() > MAX_BACKLOG_BYTES) {
            reasons.add(String.format(Locale.ROOT, "unread data piled up in socket buffers (max %d KiB)",
                    backlog.maxBytes() / 1024));
        }
        if (dropped > 0) {
            reasons.add(dropped + " sends dropped at --max-in-flight: the asked-for load was not offered");
        }
        return new ClientVerdict(!reasons.isEmpty(), reasons, checks);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
