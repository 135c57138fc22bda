package dev.barrage.load;

import dev.barrage.ExitCode;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * "Stop sending": set once by Ctrl-C/SIGTERM (or by a caller of the Java API), read by the
 * scheduler before every send and by every wait between runs. Thread-safe.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String reason;

    public void request(String why) {
        if (reason == null) {
            reason = why;
        }
        stopped.countDown();
    }

    public boolean requested() {
        return stopped.getCount() == 0;
    }

    /** Why the stop was requested, or {@code null}. */
    public String reason() {
        return reason;
    }

    /** Sleeps up to {@code nanos}; returns early (true) when a stop is requested. */
    public boolean await(long nanos) throws InterruptedException {
        return stopped.await(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Routes SIGINT and SIGTERM to this signal: the first stops the benchmark gracefully (every
     * file for what was measured is still written), the second exits at once with code 130.
     *
     * @param notice told once what happens, on the signal thread
     */
    @SuppressWarnings("removal")
    public StopSignal installOnSignals(Consumer<String> notice) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (requested()) {
                        Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
                    }
                    request("SIG" + name);
                    notice.accept("Stopping (SIG" + name + "): no new requests; in-flight ones get a few seconds to"
                            + " finish, then every result measured so far is written. Press Ctrl-C again to quit at once.");
                });
            } catch (IllegalArgumentException unavailable) {
                // The signal is ignored for this process (e.g. a background job): nothing to route.
            }
        }
        return this;
    }
}
