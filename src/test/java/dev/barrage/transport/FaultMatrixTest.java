package dev.barrage.transport;

import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against every fault the simulator injects, over real loopback sockets: each failure
 * gets its stable error_type and the server's message, and what was measured before it (tokens,
 * first byte) is kept. Run-level behaviour (the run goes on, the summary counts causes) is in
 * {@code load/FaultRunTest}.
 */
class FaultMatrixTest extends LoopbackClientTest {

    private static HttpExchange streamOnce(SimServer sim, ClientOptions options) throws Exception {
        try (HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options, true)) {
            return once(c, true);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"status, 400", "status, 401", "status, 404", "status, 429", "status, 500", "status, 503",
            "status-text, 400", "status-text, 401", "status-text, 404", "status-text, 429", "status-text, 500",
            "status-text, 503"})
    void httpErrorsKeepTheStatusAndTheServersMessage(String kind, int code) throws Exception {
        try (SimServer sim = sim(kind + "=" + code)) {
            for (boolean stream : new boolean[] {true, false}) {
                try (HttpClient c = client(sim.baseUrl() + "/v1/chat/completions", options(null, 10), stream)) {
                    HttpExchange ex = once(c, stream);
                    assertThat(ex.errorType()).isEqualTo(ErrorType.HTTP_ERROR);
                    assertThat(ex.statusCode()).isEqualTo(code);
                    assertThat(ex.error()).startsWith("HTTP " + code + ": ").contains("simulated fault: " + code);
                    assertThat(ex.attempts()).as("no retries by default").isEqualTo(1);
                    assertThat(ex.firstByteNanos()).isPositive();
                }
            }
        }
    }

    @Test
    void aStreamCutMidWayKeepsItsTokens() throws Exception {
        try (SimServer sim = sim("cut=3")) {
            HttpExchange ex = streamOnce(sim, options(null, 10));
            assertThat(ex.errorType()).isEqualTo(ErrorType.CONNECTION_CLOSED);
            assertThat(ex.error()).contains("mid-response");
            assertThat(ex.state().tokenEvents()).isEqualTo(3);
            assertThat(ex.state().content()).isNotBlank();
        }
    }

    @Test
    void aDroppedConnectionIsClosedBeforeResponding() throws Exception {
        try (SimServer sim = sim("drop")) {
            HttpExchange ex = streamOnce(sim, options(null, 10));
            assertThat(ex.errorType()).isEqualTo(ErrorType.CONNECTION_CLOSED);
            assertThat(ex.error()).contains("before responding");
            assertThat(ex.firstByteNanos()).isZero();
        }
    }

    @Test
    void malformedJsonIsABadResponseThatKeepsTheEarlierTokens() throws Exception {
        try (SimServer sim = sim("malformed=3")) {
            HttpExchange ex = streamOnce(sim, options(null, 10));
            assertThat(ex.errorType()).isEqualTo(ErrorType.BAD_RESPONSE);
            assertThat(ex.error()).startsWith("malformed JSON in an event");
            assertThat(ex.state().tokenEvents()).as("the tokens around the broken event still count").isEqualTo(7);
        }
    }

    @Test
    void nonUtf8BytesAreABadResponseNamingUtf8() throws Exception {
        try (SimServer sim = sim("bad-utf8=2")) {
            HttpExchange ex = streamOnce(sim, options(null, 10));
            assertThat(ex.errorType()).isEqualTo(ErrorType.BAD_RESPONSE);
            assertThat(ex.error()).containsIgnoringCase("UTF-8");
        }
    }

    @Test
    void aOneMebibyteEventIsAcceptedAndCounted() throws Exception {
        try (SimServer sim = sim("huge-event=1048576")) {
            HttpExchange ex = streamOnce(sim, options(null, 10));
            assertThat(ex.success()).as("%s: %s", ex.errorType(), ex.error()).isTrue();
            assertThat(ex.state().tokenEvents()).isEqualTo(8);
            assertThat(ex.state().content().length()).isGreaterThan(1 << 20);
            assertThat(ex.state().completionTokens()).isEqualTo(8);
        }
    }

    @Test
    void aStallBeforeTheHeadersEndsInAReadTimeout() throws Exception {
        try (SimServer sim = sim("stall-headers=30")) {
            HttpExchange ex = streamOnce(sim, options(0.3, 10));
            assertThat(ex.errorType()).isEqualTo(ErrorType.READ_TIMEOUT);
            assertThat(ex.firstByteNanos()).isZero();
            assertThat((ex.endNanos() - ex.sendNanos()) / 1e9).isBetween(0.29, 8.0);
        }
    }

    @Test
    void aStallMidStreamEndsInAReadTimeoutThatKeepsTheFirstToken() throws Exception {
        try (SimServer sim = sim("stall-stream=30")) {
            HttpExchange ex = streamOnce(sim, options(0.3, 10));
            assertThat(ex.errorType()).isEqualTo(ErrorType.READ_TIMEOUT);
            assertThat(ex.error()).contains("--read-timeout");
            assertThat(ex.state().tokenEvents()).isEqualTo(1);
        }
    }

    @Test
    void aNeverEndingStreamEndsInTheTotalTimeout() throws Exception {
        try (SimServer sim = sim("endless")) {
            HttpExchange ex = streamOnce(sim, options(null, 0.5));
            assertThat(ex.errorType()).isEqualTo(ErrorType.TOTAL_TIMEOUT);
            assertThat(ex.state().tokenEvents()).as("far past max_tokens 8").isGreaterThan(8);
            assertThat((ex.endNanos() - ex.sendNanos()) / 1e9).isBetween(0.49, 8.0);
        }
    }

    @Test
    void aWrongContentTypeIsNamedWithTheTypeAndTheBodyStart() throws Exception {
        try (SimServer sim = sim("wrong-type=text/html")) {
            HttpExchange ex = streamOnce(sim, options(null, 10));
            assertThat(ex.errorType()).isEqualTo(ErrorType.WRONG_CONTENT_TYPE);
            assertThat(ex.error()).contains("Content-Type 'text/html'").contains("data: {");
            assertThat(ex.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void connectionRefusedUnknownHostAndTlsAreClassifiedWithoutRetriesByDefault() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpClient c = client("http://127.0.0.1:" + port + "/v1/chat/completions", options(null, 10), true)) {
            HttpExchange ex = once(c, true);
            assertThat(ex.errorType()).isEqualTo(ErrorType.CONNECTION_REFUSED);
            assertThat(ex.attempts()).isEqualTo(1);
        }
        try (HttpClient c = client("http://barrage-no-such-host.invalid/v1/chat/completions",
                options(null, 10).withRetries(3), true)) {
            HttpExchange ex = once(c, true);
            assertThat(ex.errorType()).isEqualTo(ErrorType.UNKNOWN_HOST);
            assertThat(ex.attempts()).as("DNS failures are not retried").isEqualTo(1);
        }
        try (SimServer sim = sim();
                HttpClient c = client("https://127.0.0.1:" + sim.port() + "/v1/chat/completions",
                        options(null, 10).withRetries(3), true)) {
            HttpExchange ex = once(c, true);
            assertThat(ex.errorType()).as("TLS to a plain-HTTP server").isEqualTo(ErrorType.TLS);
            assertThat(ex.attempts()).as("TLS failures are not retried").isEqualTo(1);
        }
    }
}
