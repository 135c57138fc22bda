package dev.barrage.load;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How late each I/O thread runs a task that is due: the time a byte arriving at that moment could
 * have waited before its arrival stamp. Measured the way jHiccup measures a JVM: on every event
 * loop a one-shot probe stamps its own due time ({@code now + period}) when it schedules itself,
 * and on running records {@code now - due} before scheduling the next one.
 *
 * <p>Why one-shot and self-stamped: with a fixed-rate schedule the executor keeps its own grid
 * and, after a stall, runs the overdue probes back to back; a probe that kept a private due time
 * (reset on falling behind) then ran ahead of that grid and recorded 0 for every later stall. A
 * probe that stamps its own due time cannot drift from what it measures.
 *
 * <p>A stall of S ms is recorded as HdrHistogram's coordinated-omission back-fill
 * ({@link Recorder#recordValueWithExpectedInterval}): S, S − period, S − 2·period, … — the
 * waits that probes due every period during the stall would have seen. The histogram is then a
 * time-sampled distribution: its p99 is the wait that 1 % of the run's time exceeded.
 *
 * <p>Assumptions and guarantees:
 * <ol>
 *   <li>Each probe runs on its own event loop only; the recorder is wait-free for those
 *       writers and read by one thread ({@link #histogram()}).</li>
 *   <li>{@link #stop()} cancels future probes; a probe already running finishes its record.</li>
 *   <li>Values are microseconds, 0 to 1 h, 3 significant digits.</li>
 * </ol>
 */
final class EventLoopLag {
    private final long periodNanos;
    private final Recorder lagMicros = new Recorder(TimeUnit.HOURS.toMicros(1), 3);
    /** The worst lateness since {@link #takeRecentMaxMicros()} last read it: a cheap "is anything wrong now". */
    private final AtomicLong recentMaxMicros = new AtomicLong();
    private volatile boolean stopped;

    EventLoopLag(long periodNanos) {
        if (periodNanos < TimeUnit.MICROSECONDS.toNanos(100)) {
            throw new IllegalArgumentException("period (" + periodNanos + " ns) should be at least 100 us");
        }
        this.periodNanos = periodNanos;
    }

    /** Starts one probe on every loop of {@code group}. */
    void start(EventExecutorGroup group) {
        for (EventExecutor loop : group) {
            Probe p = new Probe(loop);
            loop.execute(p::scheduleNext);
        }
    }

    void stop() {
        stopped = true;
    }

    /** The longest lag since the previous call, in µs (then forgotten). Any thread. */
    long takeRecentMaxMicros() {
        return recentMaxMicros.getAndSet(0);
    }

    /** Everything recorded since the previous call (or the start). */
    Histogram histogram() {
        return lagMicros.getIntervalHistogram();
    }

    private final class Probe implements Runnable {
        private final EventExecutor loop;
        private final long periodMicros = TimeUnit.NANOSECONDS.toMicros(periodNanos);
        private long dueNanos;

        Probe(EventExecutor loop) {
            this.loop = loop;
        }

        void scheduleNext() {
            if (stopped) {
                return;
            }
            // the executor's deadline is taken a few ns after this stamp: lateness errs high, never low
            dueNanos = System.nanoTime() + periodNanos;
            loop.schedule(this, periodNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            long lateMicros = Math.min(Math.max(0, (System.nanoTime() - dueNanos) / 1000), TimeUnit.HOURS.toMicros(1));
            lagMicros.recordValueWithExpectedInterval(lateMicros, periodMicros);
            if (lateMicros > recentMaxMicros.get()) {
                recentMaxMicros.accumulateAndGet(lateMicros, Math::max);
            }
            scheduleNext();
        }
    }
}
