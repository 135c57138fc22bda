package dev.barrage.load;

import dev.barrage.transport.ErrorType;
import dev.barrage.transport.HttpClient;

import java.util.concurrent.TimeUnit;

/**
 * How a run waits for its last requests, so that every wait ends. Called whenever a poll for a
 * completion came back empty:
 * <ol>
 *   <li>after a stop request, in-flight requests get {@link #GRACE_NANOS} to finish;</li>
 *   <li>then {@link HttpClient#cancelAll} fails what is on a connection or waiting to retry;</li>
 *   <li>{@link #ABANDON_NANOS} later, whatever is still unfinished — a request no connection
 *       holds, whatever the reason — is completed as interrupted from this thread;</li>
 *   <li>without a stop, a request unfinished well past its total timeout (which its connection
 *       enforces) has been lost by the client: it is failed as a client error instead of keeping
 *       the run waiting forever.</li>
 * </ol>
 * Not thread-safe: one per wait, on the run's thread.
 */
final class Drain {
    /** How long in-flight requests may finish after a stop request before they are cancelled. */
    static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long cancelled requests have to complete on their I/O threads before being abandoned. */
    static final long ABANDON_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How far past its total timeout a request must be before it counts as lost. */
    static final long LOST_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long LOST_CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HttpClient client;
    private final StopSignal stop;
    private boolean stopSeen;
    private long cancelAt;
    private boolean cancelled;
    private long abandonAt;
    private boolean abandoned;
    private long nextLostCheck = System.nanoTime();

    Drain(HttpClient client, StopSignal stop) {
        this.client = client;
        this.stop = stop;
    }

    /** One empty poll: moves the stop along, and looks for lost requests now and then. */
    void idle() {
        long now = System.nanoTime();
        if (stop.requested() && !stopSeen) {
            stopSeen = true;
            cancelAt = now + GRACE_NANOS;
        }
        if (stopSeen && !cancelled && now - cancelAt >= 0) {
            client.cancelAll();
            cancelled = true;
            abandonAt = now + ABANDON_NANOS;
        }
        if (cancelled && !abandoned && now - abandonAt >= 0) {
            client.abandonUnfinished(ErrorType.INTERRUPTED, "stopped by the user before it completed");
            abandoned = true;
        }
        if (now - nextLostCheck >= 0) {
            nextLostCheck = now + LOST_CHECK_EVERY_NANOS;
            client.abandonLost(LOST_MARGIN_NANOS);
        }
    }
}
