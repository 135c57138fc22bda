package dev.barrage.transport;

import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** --retries: what is retried, how long it waits (Retry-After), and what the record says. */
class RetryTest extends LoopbackClientTest {

    @Test
    void a429IsRetriedAfterItsRetryAfterAndSucceeds() throws Exception {
        // request 1 is served, 2 gets 429 with Retry-After 0.2 s, 3 (the retry) is served
        try (SimServer sim = sim("status=429@every=2");
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 10).withRetries(2), true)) {
            assertThat(once(c, true).success()).isTrue();
            HttpExchange ex = once(c, true);
            assertThat(ex.success()).as("%s: %s", ex.errorType(), ex.error()).isTrue();
            assertThat(ex.attempts()).isEqualTo(2);
            assertThat(ex.retries()).isEqualTo(1);
            assertThat(ex.statusCode()).isEqualTo(200);
            assertThat((ex.endNanos() - ex.sendNanos()) / 1e9).as("waited the 0.2 s asked for").isGreaterThan(0.19);
            assertThat(ex.state().tokenEvents()).isEqualTo(8);
            assertThat(ex.firstByteNanos() - ex.sendNanos()).as("first byte of the successful attempt")
                    .isGreaterThan(190_000_000L);
        }
    }

    @Test
    void exhaustedRetriesKeepTheLastFailureAndCountEveryAttempt() throws Exception {
        try (SimServer sim = sim("status-text=503");
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 10).withRetries(2), true)) {
            HttpExchange ex = once(c, true);
            assertThat(ex.errorType()).isEqualTo(ErrorType.HTTP_ERROR);
            assertThat(ex.statusCode()).isEqualTo(503);
            assertThat(ex.attempts()).isEqualTo(3);
            assertThat(ex.error()).contains("simulated fault: 503").endsWith("(attempt 3)");
            assertThat(sim.stats().requestsReceived()).isEqualTo(3);
        }
    }

    @Test
    void otherStatusesAreNeverRetried() throws Exception {
        try (SimServer sim = sim("status=500");
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 10).withRetries(3), true)) {
            HttpExchange ex = once(c, true);
            assertThat(ex.statusCode()).isEqualTo(500);
            assertThat(ex.attempts()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionIsRetriedUntilTheServerComesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpClient c = client("http://127.0.0.1:" + port + "/v1/chat/completions",
                options(null, 20).withRetries(4), true)) {
            CompletableFuture<SimServer> later = CompletableFuture.supplyAsync(() -> {
                sleep(700);
                return SimServer.start(SimConfig.builder().port(port).ioThreads(1).ttftMs(1).itlMs(1).build());
            });
            HttpExchange ex = once(c, true);
            try (SimServer sim = later.get(10, TimeUnit.SECONDS)) {
                assertThat(ex.success()).as("%s: %s", ex.errorType(), ex.error()).isTrue();
                assertThat(ex.attempts()).as("0.5 s and 1 s waits: refused at 0 and 0.5 s").isBetween(2, 4);
                assertThat(sim.stats().requestsReceived()).isEqualTo(1);
            }
        }
    }

    @Test
    void aRetryAfterBeyondTheTotalTimeoutIsNotWaitedFor() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ioThreads(1).fault("status=429")
                .retryAfterS(60).build());
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 5).withRetries(3), true)) {
            HttpExchange ex = once(c, true);
            assertThat(ex.statusCode()).isEqualTo(429);
            assertThat(ex.attempts()).isEqualTo(1);
        }
    }

    @Test
    void cancelAllEndsARequestWaitingToRetryAtOnce() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ioThreads(1).fault("status=503")
                .retryAfterS(30).build());
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 100).withRetries(3), true)) {
            CompletableFuture<HttpExchange> done = new CompletableFuture<>();
            c.execute(new HttpExchange(0, body(true), System.nanoTime(), false, done::complete));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sim.stats().requestsReceived() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            c.cancelAll();
            HttpExchange ex = done.get(5, TimeUnit.SECONDS);
            assertThat(ex.errorType()).isEqualTo(ErrorType.INTERRUPTED);
            assertThat(ex.error()).contains("waiting to retry");
        }
    }

    @Test
    void retryAfterIsReadFromMillisecondsSecondsOrADate() {
        HttpHeaders h = new DefaultHttpHeaders();
        assertThat(RetryPolicy.retryAfterNanos(h, 0)).as("none").isEqualTo(-1);
        h.set("Retry-After", "2");
        assertThat(RetryPolicy.retryAfterNanos(h, 0)).isEqualTo(2_000_000_000L);
        h.set("retry-after-ms", "150.5");
        assertThat(RetryPolicy.retryAfterNanos(h, 0)).as("retry-after-ms wins").isEqualTo(150_500_000L);
        h.remove("retry-after-ms");
        ZonedDateTime now = ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        h.set("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(7)));
        assertThat(RetryPolicy.retryAfterNanos(h, now.toInstant().toEpochMilli())).isEqualTo(7_000_000_000L);
        h.set("Retry-After", "Friday, 02-Jan-26 03:04:12 GMT"); // RFC 850
        assertThat(RetryPolicy.retryAfterNanos(h, now.toInstant().toEpochMilli())).isEqualTo(7_000_000_000L);
        h.set("Retry-After", "Fri Jan  2 03:04:12 2026"); // asctime
        assertThat(RetryPolicy.retryAfterNanos(h, now.toInstant().toEpochMilli())).isEqualTo(7_000_000_000L);
        h.set("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(30)));
        assertThat(RetryPolicy.retryAfterNanos(h, now.toInstant().toEpochMilli())).as("a date past: now").isZero();
        h.set("Retry-After", "0");
        assertThat(RetryPolicy.retryAfterNanos(h, 0)).as("0 means now, not 'none'").isZero();
        h.set("Retry-After", "soon");
        assertThat(RetryPolicy.retryAfterNanos(h, 0)).as("unreadable: the default backoff applies").isEqualTo(-1);
    }

    @Test
    void serverWaitsAreCappedWithoutOverflowAndZeroMeansAtOnce() {
        HttpHeaders h = new DefaultHttpHeaders();
        for (String huge : new String[] {"1000000000000", "1e300", "Infinity", "61"}) {
            h.set("Retry-After", huge);
            assertThat(RetryPolicy.retryAfterNanos(h, 0)).as(huge).isEqualTo(RetryPolicy.MAX_SERVER_WAIT_NANOS);
        }
        h.remove("Retry-After");
        h.set("retry-after-ms", "1000000000000000000000");
        assertThat(RetryPolicy.retryAfterNanos(h, 0)).isEqualTo(RetryPolicy.MAX_SERVER_WAIT_NANOS);

        RetryPolicy hourLong = new RetryPolicy(3, TimeUnit.HOURS.toNanos(1));
        RetryPolicy forever = new RetryPolicy(3, Long.MAX_VALUE);
        HttpExchange ex = new HttpExchange(0, body(true), 0, false, e -> { });
        ex.sendNanos = Long.MAX_VALUE - 5; // nanoTime values may sit anywhere, even near overflow
        ex.statusCode = 429;
        ex.retryAfterNanos = Long.MAX_VALUE;
        assertThat(hourLong.delayNanos(ex, ErrorType.HTTP_ERROR, Long.MAX_VALUE)).isEqualTo(
                RetryPolicy.MAX_SERVER_WAIT_NANOS);
        assertThat(forever.delayNanos(ex, ErrorType.HTTP_ERROR, Long.MAX_VALUE)).isEqualTo(
                RetryPolicy.MAX_SERVER_WAIT_NANOS);
        ex.retryAfterNanos = 0;
        assertThat(hourLong.delayNanos(ex, ErrorType.HTTP_ERROR, Long.MAX_VALUE)).as("Retry-After: 0").isZero();
        ex.retryAfterNanos = -1;
        assertThat(hourLong.delayNanos(ex, ErrorType.HTTP_ERROR, Long.MAX_VALUE)).as("none: the backoff")
                .isEqualTo(RetryPolicy.FIRST_BACKOFF_NANOS);
    }

    @Test
    void noRetryStartsPastTheRunsEnd() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ioThreads(1).fault("status=503")
                .retryAfterS(1).build());
                HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 100).withRetries(3), true)) {
            c.retryDeadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
            HttpExchange ex = once(c, true);
            assertThat(ex.statusCode()).isEqualTo(503);
            assertThat(ex.attempts()).as("the 1 s wait would end after the run").isEqualTo(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
