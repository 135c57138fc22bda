package dev.barrage.sim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The simulator's running totals. Thread-safe; LongAdder keeps per-token counting cheap. */
final class SimCounters {
    private final AtomicLong requestNumbers = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private final LongAdder tokensSent = new LongAdder();
    private final LongAdder disconnects = new LongAdder();

    /** Counts an accepted generation request and returns its number, starting at 1. */
    long requestReceived() {
        return requestNumbers.incrementAndGet();
    }

    void completed() {
        completed.increment();
    }

    void tokenSent() {
        tokensSent.increment();
    }

    void disconnected() {
        disconnects.increment();
    }

    SimStats snapshot(BatchScheduler scheduler) {
        return new SimStats(requestNumbers.get(), completed.sum(), scheduler.admitted(), scheduler.queued(),
                tokensSent.sum(), disconnects.sum());
    }
}
