package dev.barrage.load;

import dev.barrage.api.ApiAdapter;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Trace;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Sends one run's requests according to its {@link LoadPlan}, on the calling thread, which never
 * touches I/O: it waits (for a send time, a free slot), builds the body and hands the request to
 * the client. Three models:
 * <ul>
 *   <li><b>closed loop</b> (no rate): at most {@code parallel} in flight; a completion frees a
 *       slot that the next request takes at once. Its intended send time is when the slot became
 *       free.</li>
 *   <li><b>paced with a cap</b> (rate and parallel, evalscope's default when --rate is given):
 *       requests are due at the {@link ArrivalSchedule}'s times; one due while all slots are busy
 *       waits for a slot — client-side queueing that is reported, not hidden.</li>
 *   <li><b>open loop</b>: due requests go out whatever is in flight, up to
 *       {@code maxInFlight}; beyond it they are dropped and counted (k6's dropped iterations).</li>
 * </ul>
 * A replayed trace ({@link Dataset#trace()}) is always an open loop whose send times are the
 * trace's ({@link TraceReplay}); each request carries its record's own headers.
 * Warm-up requests come first through the same slots (so no idle gap separates them from the
 * measured ones) and carry negative indices, which the collector leaves out.
 */
final class LoadRun {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** What the run did. */
    record Outcome(int sent, int warmupSent, int dropped, boolean durationReached, HttpExchange first) {
    }

    private final HttpClient client;
    private final ApiAdapter adapter;
    private final Dataset dataset;
    private final StopSignal stop;
    private final LoadPlan plan;
    private RequestIdentity identity = RequestIdentity.NONE;

    LoadRun(HttpClient client, ApiAdapter adapter, Dataset dataset, StopSignal stop, LoadPlan plan) {
        this.client = client;
        this.adapter = adapter;
        this.dataset = dataset;
        this.stop = stop;
        this.plan = plan;
    }

    /** What each request carries to be joined with the server's logs; none by default. */
    LoadRun identity(RequestIdentity identity) {
        this.identity = identity;
        return this;
    }

    Outcome run(Collector collector) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = plan.durationNanos() > 0 ? start + plan.durationNanos() : Long.MAX_VALUE;
        client.retryDeadline(deadline);
        Trace trace = dataset.trace();
        Slots slots = plan.capped() && trace == null ? new Slots(plan.parallel(), start, plan.paced() ? 0
                : plan.rampUpNanos()) : null;
        LongSupplier schedule = trace != null ? TraceReplay.schedule(trace) : plan.paced() ? new ArrivalSchedule(
                plan.process(), plan.rate(), plan.burstiness(), plan.rampUpNanos() / 1e9, plan.total(),
                plan.seed())::nextOffsetNanos : null;
        AtomicInteger inFlight = new AtomicInteger();
        Semaphore completed = new Semaphore(0);
        HttpExchange.Listener onComplete = ex -> {
            collector.offer(ex);
            inFlight.decrementAndGet();
            if (slots != null) {
                slots.free(System.nanoTime());
            }
            completed.release();
        };
        Progress progress = new Progress();
        try {
            sendAll(start, deadline, slots, schedule, inFlight, onComplete, progress);
        } finally {
            // Even when sending failed half-way, everything sent is waited for and recorded.
            awaitAll(completed, progress.sent);
        }
        int warmupSent = Math.min(progress.sent, plan.warmup());
        return new Outcome(progress.sent - warmupSent, warmupSent, progress.dropped, progress.durationReached,
                progress.first);
    }

    /** What the send loop has done so far; read after it returns or throws. */
    private static final class Progress {
        int sent;
        int dropped;
        boolean durationReached;
        HttpExchange first;
    }

    private void sendAll(long start, long deadline, Slots slots, LongSupplier schedule, AtomicInteger inFlight,
            HttpExchange.Listener onComplete, Progress progress) throws InterruptedException {
        Trace trace = dataset.trace();
        for (int k = 0; k < plan.total(); k++) {
            long intended = start;
            if (schedule != null) {
                intended = start + schedule.getAsLong();
                if (intended >= deadline) {
                    progress.durationReached = true;
                    return;
                }
                if (!sleepUntil(intended)) {
                    return;
                }
            }
            long slotAt = 0;
            if (slots != null) {
                long freedAt = slots.take(stop, deadline);
                if (freedAt < 0) {
                    progress.durationReached = freedAt == Slots.DEADLINE;
                    return;
                }
                slotAt = System.nanoTime();
                if (schedule == null) {
                    // Closed loop: the request was due the moment its slot freed, so it never queued;
                    // the scheduler's own wake-up shows as dispatch lag instead.
                    intended = freedAt;
                    slotAt = freedAt;
                }
            } else if (inFlight.get() >= plan.maxInFlight()) {
                if (k >= plan.warmup()) {
                    progress.dropped++;
                }
                continue;
            }
            if (stop.requested() || System.nanoTime() >= deadline) {
                progress.durationReached = !stop.requested();
                if (slots != null) {
                    slots.free(System.nanoTime());
                }
                return;
            }
            int index = k - plan.warmup();
            // a trace's records are replayed in order, warm-up ones first; other datasets reuse their first prompts
            int promptIndex = index < 0 || trace != null ? k : index;
            HttpExchange exchange = new HttpExchange(index, adapter.buildBody(dataset.get(promptIndex)), intended,
                    index == 0, onComplete).requestHeaders(identity.headers(index, trace != null
                    ? trace.headers(promptIndex) : null)).idHeader(identity.echoHeader());
            exchange.slotAcquired(slotAt);
            if (index == 0) {
                progress.first = exchange;
            }
            inFlight.incrementAndGet();
            client.execute(exchange);
            progress.sent++;
        }
    }

    /** Sleeps until {@code nanoTime} reaches {@code target}; false when a stop was requested. */
    private boolean sleepUntil(long target) throws InterruptedException {
        long wait = target - System.nanoTime();
        return wait <= 0 ? !stop.requested() : !stop.await(wait);
    }

    private void awaitAll(Semaphore completed, int sent) throws InterruptedException {
        int remaining = sent;
        Drain drain = new Drain(client, stop);
        while (remaining > 0) {
            if (completed.tryAcquire(POLL_NANOS, TimeUnit.NANOSECONDS)) {
                remaining--;
                continue;
            }
            drain.idle();
        }
    }

    /**
     * Concurrency slots, each carrying the time it became free. With a ramp-up, one slot exists
     * at the start and the others appear at even intervals until the ramp ends.
     */
    static final class Slots {
        static final long STOPPED = -1;
        static final long DEADLINE = -2;

        /* Lock-free: I/O threads return slots here and must never block or contend on a lock. */
        private final LinkedTransferQueue<Long> free = new LinkedTransferQueue<>();
        private final long[] rampTimes;
        private int nextRamp;

        Slots(int parallel, long start, long rampUpNanos) {
            int initial = rampUpNanos > 0 ? 1 : parallel;
            for (int i = 0; i < initial; i++) {
                free.add(start);
            }
            rampTimes = new long[parallel - initial];
            for (int j = 0; j < rampTimes.length; j++) {
                rampTimes[j] = start + rampUpNanos * (j + 1) / (parallel - 1);
            }
        }

        /** Called from I/O threads: a request completed. */
        void free(long nanos) {
            free.offer(nanos);
        }

        /** Waits for a free slot; returns when it became free, or STOPPED or DEADLINE. */
        long take(StopSignal stop, long deadline) throws InterruptedException {
            while (true) {
                long now = System.nanoTime();
                while (nextRamp < rampTimes.length && rampTimes[nextRamp] <= now) {
                    free.offer(rampTimes[nextRamp++]);
                }
                if (stop.requested()) {
                    return STOPPED;
                }
                if (now >= deadline) {
                    return DEADLINE;
                }
                long wait = Math.min(POLL_NANOS, deadline - now);
                if (nextRamp < rampTimes.length) {
                    wait = Math.min(wait, rampTimes[nextRamp] - now);
                }
                Long freedAt = free.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (freedAt != null) {
                    return freedAt;
                }
            }
        }
    }
}
