package dev.barrage.load;

import dev.barrage.transport.EventLoops;
import io.netty.channel.EventLoopGroup;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event-loop lag probe against stalls injected on a real event loop: every stall is seen
 * at its full length, a stall never blinds the probe to the next one, and a stall weighs by its
 * duration (back-filled as the probes due during it would have waited).
 */
class EventLoopLagTest {
    private static final long PERIOD_MS = 10;
    private static final long STALL_MS = 100;

    private final EventLoopGroup group = EventLoops.newGroup(1, "lag-test");

    @AfterEach
    void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void everyStallIsSeenEvenAfterALongOne() throws Exception {
        EventLoopLag lag = new EventLoopLag(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
        lag.start(group);
        Thread.sleep(200);
        lag.histogram(); // forget the start

        for (int stall = 1; stall <= 3; stall++) {
            stallTheLoop(STALL_MS);
            Thread.sleep(150); // probes run again after the stall
            Histogram h = lag.histogram();
            // a probe due within the first period of the stall ran when it ended
            assertThat(h.getMaxValue() / 1000.0).as("stall %d seen", stall).isGreaterThanOrEqualTo(STALL_MS - PERIOD_MS - 1);
            // ... and the probes due every period during it are back-filled
            long longWaits = h.getCountBetweenValues(TimeUnit.MILLISECONDS.toMicros(STALL_MS / 2), Long.MAX_VALUE);
            assertThat(longWaits).as("stall %d weighs by its length", stall).isGreaterThanOrEqualTo(4);
        }
        lag.stop();
    }

    @Test
    void recentMaxIsTakenOnce() throws Exception {
        EventLoopLag lag = new EventLoopLag(TimeUnit.MILLISECONDS.toNanos(PERIOD_MS));
        lag.start(group);
        stallTheLoop(300);
        Thread.sleep(100);
        assertThat(lag.takeRecentMaxMicros()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(300 - PERIOD_MS - 1));
        stallTheLoop(0);
        lag.stop();
        Thread.sleep(3 * PERIOD_MS);
        // once read, the earlier stall is forgotten: what is left is at most this wait's own lag
        assertThat(lag.takeRecentMaxMicros()).isLessThan(TimeUnit.MILLISECONDS.toMicros(250));
    }

    @Test
    void rejectsAPeriodTooShortToMeasure() {
        assertThatThrownBy(() -> new EventLoopLag(1000)).hasMessageContaining("should be at least 100 us");
    }

    /** Busy-waits on the event loop for {@code millis} of wall time, and waits until it is done. */
    private void stallTheLoop(long millis) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        group.next().execute(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }
}
