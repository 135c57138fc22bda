package dev.barrage.transport;

import dev.barrage.api.ApiAdapter;
import dev.barrage.api.ForwardingApiAdapter;
import dev.barrage.api.ResponseState;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code barrage perf --delivery-lag}: measures Barrage itself against {@code barrage sim
 * --stamp-events} on the same machine. Each event the simulator stamped carries its send time
 * ({@code "barrage_sent_ns":<nanoTime>}); {@code System.nanoTime()} is CLOCK_MONOTONIC on Linux,
 * one clock for every process of the machine, so arrival stamp minus send stamp is the delivery
 * lag: kernel, scheduling, Barrage's read and decode, everything between the simulator's write
 * and the moment Barrage stamped the bytes.
 *
 * <p>A decorator around the real adapter, installed only with the flag: the normal path never
 * pays for it. With it, each event costs one bounded byte search and one wait-free histogram
 * record ({@link Recorder}, safe from every I/O thread). Lags are kept in microseconds from
 * 1 µs to 1 h with 3 significant digits.
 *
 * <p>{@link #startStep()} and {@link #report()} bracket one run and also read the process's CPU
 * time (in all, and per thread role) and the heap's peak use, so the harness in {@code bench/}
 * gets CPU per event and heap from the very process under test. Not for concurrent runs.
 */
public final class DeliveryLagProbe extends ForwardingApiAdapter {
    private static final byte[] FIELD = "\"barrage_sent_ns\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The stamp sits right after id, object, created and model; never search a huge event to its end. */
    private static final int SEARCH_LIMIT = 512;

    private final Recorder lagMicros = new Recorder(3_600_000_000L, 3);
    private final LongAdder events = new LongAdder();
    /** How often the CPU clocks are read while a run goes on. */
    static final long SAMPLE_MILLIS = 250;
    private Sample start;
    private volatile Sample lastActive;
    private Thread sampler;

    public DeliveryLagProbe(ApiAdapter delegate) {
        super(delegate);
    }

    /**
     * Forgets the previous run (lag histogram, event count, heap peak) and starts sampling the
     * process's CPU every {@value #SAMPLE_MILLIS} ms, keeping the last sample taken while events
     * were still arriving: the figures then cover the load itself, not the report writing and
     * percentile sorting that follow it.
     */
    public void startStep() {
        lagMicros.reset();
        events.reset();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        start = Sample.now(0);
        lastActive = start;
        sampler = new Thread(this::sample, "barrage-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** One reading of the clocks: wall, process CPU, CPU per thread role, events so far. */
    private record Sample(long nanos, long cpuNanos, Map<String, Double> threads, long events) {
        static Sample now(long events) {
            return new Sample(System.nanoTime(), processCpuNanos(), ThreadCpu.byRole(), events);
        }
    }

    private void sample() {
        long seen = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long n = events.sum();
            if (n != seen) {
                seen = n;
                lastActive = Sample.now(n);
            }
        }
    }

    /**
     * One line about the run since {@link #startStep()}, e.g. {@code delivery lag: 1000 stamped
     * events, p50 0.041 ms, ...; 2000 events in 1.23 s = 1626 events/s; client CPU 0.01 s =
     * 5.1 us/event (io 4.0, jit 0.5, gc 0.1, other 0.5); heap peak 123 MiB}.
     */
    public String report() {
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sample end = lastActive;
        double elapsedS = (end.nanos() - start.nanos()) / 1e9;
        double cpuS = (end.cpuNanos() - start.cpuNanos()) / 1e9;
        long n = end.events();
        Histogram h = lagMicros.getIntervalHistogram();
        StringBuilder threads = new StringBuilder();
        Map<String, Double> byRole = ThreadCpu.minus(end.threads(), start.threads());
        if (!byRole.isEmpty()) {
            // threads that ended during the run (the run's collector) are only in the process total
            double known = byRole.values().stream().mapToDouble(Double::doubleValue).sum() - byRole.get("other");
            byRole.put("other", cpuS - known);
        }
        byRole.forEach((role, s) -> threads
                .append(threads.length() == 0 ? " (" : ", ").append(role).append(' ')
                .append(String.format(Locale.ROOT, "%.2f", n > 0 ? s * 1e6 / n : 0)));
        if (threads.length() > 0) {
            threads.append(')');
        }
        return String.format(Locale.ROOT, "delivery lag: %d stamped events, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms,"
                        + " p99.9 %.3f ms, max %.3f ms; %d events in %.3f s = %.0f events/s; client CPU %.3f s ="
                        + " %.2f us/event%s; heap peak %d MiB",
                h.getTotalCount(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e3, n, elapsedS,
                elapsedS > 0 ? n / elapsedS : 0, cpuS, n > 0 ? cpuS * 1e6 / n : 0, threads, heapPeakBytes() >> 20);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e3;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** Sum of the heap pools' peak use since the last reset: an upper bound of the heap the run needed. */
    private static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        events.increment();
        long sent = sentNanos(data, length);
        if (sent > 0) {
            long lagMicrosValue = Math.max(0, (arrivalNanos - sent) / 1000);
            lagMicros.recordValue(Math.min(lagMicrosValue, 3_600_000_000L));
        }
        delegate.onEvent(data, length, arrivalNanos, state);
    }

    /**
     * The stamp's value, or 0 when the event has none. Looks for the field's underscore-free
     * anchor cheaply: '_' is rare in OpenAI chunk heads, so the full comparison runs about once.
     */
    static long sentNanos(byte[] data, int length) {
        int limit = Math.min(length, SEARCH_LIMIT);
        for (int i = UNDERSCORE_AT; i < limit; i++) {
            if (data[i] != '_' || !matchesAt(data, length, i - UNDERSCORE_AT)) {
                continue;
            }
            long value = 0;
            for (int k = i - UNDERSCORE_AT + FIELD.length; k < length && data[k] >= '0' && data[k] <= '9'; k++) {
                value = value * 10 + (data[k] - '0');
            }
            return value;
        }
        return 0;
    }

    /** Where the first '_' sits in {@link #FIELD}. */
    private static final int UNDERSCORE_AT = 8;

    private static boolean matchesAt(byte[] data, int length, int start) {
        if (start < 0 || start + FIELD.length > length) {
            return false;
        }
        for (int j = 0; j < FIELD.length; j++) {
            if (data[start + j] != FIELD[j]) {
                return false;
            }
        }
        return true;
    }
}
