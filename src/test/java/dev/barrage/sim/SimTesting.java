package dev.barrage.sim;

import java.time.Duration;
import java.util.function.Predicate;

/** Shared setup for the simulator's tests: fast timings, loopback, port 0. */
final class SimTesting {
    private SimTesting() {
    }

    /** A config that answers quickly: 5 ms to first token, 1 ms per token, no slow-down. */
    static SimConfig.Builder fastConfig() {
        return SimConfig.builder().port(0).ioThreads(2).ttftMs(5).itlMs(1).itlGrowth(0).prefillUsPerToken(0);
    }

    /** A chat body with one user message and the given extra fields, e.g. {@code "stream":true}. */
    static String chat(String extraFields) {
        String extra = extraFields.isEmpty() ? "" : "," + extraFields;
        return "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]" + extra + "}";
    }

    static String completion(String extraFields) {
        String extra = extraFields.isEmpty() ? "" : "," + extraFields;
        return "{\"model\":\"test-model\",\"prompt\":\"hello there\"" + extra + "}";
    }

    /** Polls the stats until they satisfy the condition; returns the last snapshot either way. */
    static SimStats awaitStats(SimServer server, Predicate<SimStats> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SimStats stats = server.stats();
        while (!condition.test(stats) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            stats = server.stats();
        }
        return stats;
    }
}
