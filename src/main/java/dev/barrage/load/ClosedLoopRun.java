package dev.barrage.load;

import dev.barrage.api.ApiAdapter;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load: {@code number} requests with at most {@code parallel} in flight; each
 * completion frees a slot that the next request takes at once (evalscope's semaphore model).
 *
 * <p>The slots are a queue of the times they were freed, so every request knows its
 * <em>intended</em> send time (when its slot became free) as well as its actual one; the gap is
 * Barrage's own dispatch delay. The scheduler runs on the calling thread and never touches I/O:
 * it builds the body and hands the request to the client.
 */
final class ClosedLoopRun {
    /** How long in-flight requests may finish after a stop request before they are cancelled. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long POLL_MILLIS = 50;

    private final HttpClient client;
    private final ApiAdapter adapter;
    private final Dataset dataset;
    private final StopSignal stop;
    private HttpExchange first;

    ClosedLoopRun(HttpClient client, ApiAdapter adapter, Dataset dataset, StopSignal stop) {
        this.client = client;
        this.adapter = adapter;
        this.dataset = dataset;
        this.stop = stop;
    }

    /**
     * Sends the step's requests and returns once every one of them completed (or, after a stop
     * request and its grace period, was cancelled).
     *
     * @return the number of requests sent
     */
    int run(Arguments.Step step, Collector collector) throws InterruptedException {
        long start = System.nanoTime();
        ArrayBlockingQueue<Long> freeSlots = new ArrayBlockingQueue<>(step.parallel());
        for (int i = 0; i < step.parallel(); i++) {
            freeSlots.add(start);
        }
        Semaphore completed = new Semaphore(0);
        HttpExchange.Listener onComplete = ex -> {
            collector.offer(ex);
            freeSlots.offer(System.nanoTime());
            completed.release();
        };
        int sent = 0;
        while (sent < step.number() && !stop.requested()) {
            Long freedAt = freeSlots.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (freedAt == null || stop.requested()) {
                continue;
            }
            byte[] body = adapter.buildBody(dataset.get(sent));
            HttpExchange exchange = new HttpExchange(sent, body, freedAt, sent == 0, onComplete);
            if (sent == 0) {
                first = exchange;
            }
            client.execute(exchange);
            sent++;
        }
        awaitAll(completed, sent);
        return sent;
    }

    /** The run's first request, with its response headers; complete once {@link #run} returned. */
    HttpExchange firstExchange() {
        return first;
    }

    private void awaitAll(Semaphore completed, int sent) throws InterruptedException {
        int remaining = sent;
        long graceDeadline = Long.MAX_VALUE;
        boolean cancelled = false;
        while (remaining > 0) {
            if (completed.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                remaining--;
                continue;
            }
            if (stop.requested() && graceDeadline == Long.MAX_VALUE) {
                graceDeadline = System.nanoTime() + GRACE_NANOS;
            }
            if (!cancelled && System.nanoTime() > graceDeadline) {
                client.cancelAll();
                cancelled = true;
            }
        }
    }
}
