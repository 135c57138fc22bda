package dev.barrage.sim;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code --stall-at S --stall-for D} freeze: S seconds after start, every event loop of the
 * server stops for D seconds, as in a long garbage-collection pause or a hung GPU. Nothing is
 * accepted, read or written meanwhile (the kernel still queues new connections and request
 * bytes); afterwards token deadlines restart from the current time (see {@link Sequence}), so
 * the freeze shows as one long gap, not as a burst of catch-up tokens.
 */
final class ServerFreeze {
    private ServerFreeze() {
    }

    static void schedule(EventLoopGroup group, double atSeconds, double forSeconds) {
        long atNanos = Math.round(atSeconds * 1e9);
        long forNanos = Math.round(forSeconds * 1e9);
        for (EventExecutor loop : group) {
            // each loop computes its own end, so a loop that starts its freeze late still ends on time
            long endNanos = System.nanoTime() + atNanos + forNanos;
            loop.schedule(() -> freezeUntil(endNanos), atNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Blocks the calling event loop until {@code endNanos}; interrupts do not end it early. */
    private static void freezeUntil(long endNanos) {
        for (long left = endNanos - System.nanoTime(); left > 0; left = endNanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
