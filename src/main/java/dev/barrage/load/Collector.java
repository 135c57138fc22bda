package dev.barrage.load;

import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.report.Console;
import dev.barrage.store.ResultStore;
import dev.barrage.transport.HttpExchange;

import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread per run that turns completed exchanges into records, folds them into the run's
 * metrics, writes them to SQLite in batches and reports progress — so the I/O threads only
 * enqueue. If the database fails (e.g. disk full), metrics keep being computed from memory and
 * the failure is reported once at the end.
 *
 * <p>Guarantees: every exchange offered before {@link #finish()} is recorded exactly once; after
 * {@link #finish()} returns, the accumulator and store are no longer touched by this thread.
 */
final class Collector implements Runnable {
    private static final long POLL_MILLIS = 100;
    private static final long TERMINAL_REFRESH_NANOS = 500_000_000L;
    private static final long PLAIN_REFRESH_NANOS = 30_000_000_000L;
    /** With --debug, failures are logged one by one up to this many per run. */
    private static final int MAX_DEBUG_FAILURES = 100;

    /* Lock-free, so that I/O threads handing over a completed exchange never contend on a lock. */
    private final BlockingQueue<HttpExchange> queue = new LinkedTransferQueue<>();
    private final RunAccumulator accumulator;
    private final ResultStore store;
    private final boolean streamRequested;
    private final Console console;
    private final String label;
    private final int planned;
    private final int logEvery;
    private final boolean debug;
    private final dev.barrage.tokenizer.ClientTokenCounter clientTokens;
    private int debugFailuresLogged;
    private int warmups;
    private Throwable recordFailure;
    private int unrecorded;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean closing;
    private SQLException storeFailure;
    private long lastProgressNanos = startNanos;
    private int lastLoggedCount;

    Collector(RunAccumulator accumulator, ResultStore store, boolean streamRequested, Console console, String label,
            int planned, int logEvery, boolean debug) {
        this(accumulator, store, streamRequested, console, label, planned, logEvery, debug, null);
    }

    /** @param clientTokens counts tokens with {@code --tokenizer-path} on this thread; {@code null} for none */
    Collector(RunAccumulator accumulator, ResultStore store, boolean streamRequested, Console console, String label,
            int planned, int logEvery, boolean debug, dev.barrage.tokenizer.ClientTokenCounter clientTokens) {
        this.clientTokens = clientTokens;
        this.accumulator = accumulator;
        this.store = store;
        this.streamRequested = streamRequested;
        this.console = console;
        this.label = label;
        this.planned = planned;
        this.logEvery = logEvery;
        this.debug = debug;
        this.thread = new Thread(this, "barrage-collector");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called from I/O threads; never blocks. */
    void offer(HttpExchange exchange) {
        queue.add(exchange);
    }

    @Override
    public void run() {
        try {
            while (true) {
                HttpExchange ex = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (ex != null) {
                    record(ex);
                } else {
                    if (closing && queue.isEmpty()) {
                        break;
                    }
                    flushStore();
                }
                maybeReportProgress();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HttpExchange ex = queue.poll(); ex != null; ex = queue.poll()) {
            record(ex);
        }
        flushStore();
        console.endProgress(progressLine());
    }

    private void record(HttpExchange ex) {
        if (ex.index() < 0) {
            warmups++;
            return;
        }
        try {
            recordMeasured(ex);
        } catch (RuntimeException | LinkageError e) {
            // A bug (or a class that cannot load) must not silently drop the rest of the run:
            // count it and report it at the end.
            if (recordFailure == null) {
                recordFailure = e;
            }
            unrecorded++;
        }
    }

    private void recordMeasured(HttpExchange ex) {
        RequestRecord r = Records.of(ex, streamRequested, clientTokens);
        accumulator.add(r);
        if (debug && !r.success() && debugFailuresLogged++ < MAX_DEBUG_FAILURES) {
            console.debug("request " + r.index() + " failed after " + r.attempts() + " attempt(s): " + r.errorType()
                    + ": " + r.error());
        }
        if (storeFailure == null) {
            try {
                store.add(r, Records.ids(ex));
            } catch (SQLException e) {
                storeFailure = e;
            }
        }
    }

    private void flushStore() {
        if (storeFailure == null) {
            try {
                store.flush();
            } catch (SQLException e) {
                storeFailure = e;
            }
        }
    }

    private void maybeReportProgress() {
        long now = System.nanoTime();
        int done = accumulator.count();
        if (console.terminal()) {
            if (now - lastProgressNanos >= TERMINAL_REFRESH_NANOS) {
                lastProgressNanos = now;
                console.progress(progressLine());
            }
        } else if (logEvery > 0 && done - lastLoggedCount >= logEvery || now - lastProgressNanos >= PLAIN_REFRESH_NANOS) {
            lastProgressNanos = now;
            lastLoggedCount = done;
            console.progress(progressLine());
        }
    }

    private String progressLine() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        int done = accumulator.count();
        return String.format(Locale.ROOT, "%s: %d/%d done%s, %.2f req/s, %d failed, %.1f s elapsed",
                label, done, planned, warmups > 0 ? " (+" + warmups + " warm-up)" : "",
                elapsed > 0 ? accumulator.successCount() / elapsed : 0.0, accumulator.failedCount(), elapsed);
    }

    /** Drains what is queued, stops the thread and waits for it. */
    void finish() throws InterruptedException {
        closing = true;
        thread.join();
    }

    /** The first error that kept a request out of the results, or {@code null}; see {@link #unrecorded()}. */
    Throwable recordFailure() {
        return recordFailure;
    }

    /** Requests that could not be recorded because of {@link #recordFailure()}. */
    int unrecorded() {
        return unrecorded;
    }

    /** The database error that stopped writing rows, or {@code null}. */
    SQLException storeFailure() {
        return storeFailure;
    }
}
