package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import org.junit.jupiter.api.Test;

class SimServerTest {

    @Test
    void portZeroPicksAFreePortAndBaseUrlPointsAtIt() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().build())) {
            assertThat(server.port()).isBetween(1, 65535);
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
            try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
                assertThat(connection.exchange("GET", "/health", null).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void wildcardHostIsReachedThroughLoopback() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().host("0.0.0.0").build())) {
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
            try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
                assertThat(connection.exchange("GET", "/v1/models", null).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aPortInUseIsAUserErrorSayingWhatToDo() {
        try (SimServer first = SimServer.start(SimTesting.fastConfig().build())) {
            int port = first.port();
            assertThatThrownBy(() -> SimServer.start(SimTesting.fastConfig().port(port).build()))
                    .isInstanceOf(BarrageException.class)
                    .hasMessage("port " + port + " is already in use: pick another with --port")
                    .satisfies(e -> assertThat(((BarrageException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
        }
    }

    @Test
    void aHostThatIsNotLocalIsAUserError() {
        // TEST-NET-1 (RFC 5737): never assigned to this machine
        assertThatThrownBy(() -> SimServer.start(SimTesting.fastConfig().host("192.0.2.1").build()))
                .isInstanceOf(BarrageException.class)
                .hasMessageContaining("192.0.2.1")
                .hasMessageContaining("--host");
    }

    @Test
    void statsCountRequestsTokensAndCompletions() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().build())) {
            assertThat(server.stats()).isEqualTo(new SimStats(0, 0, 0, 0, 0, 0));
            try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
                connection.postJson("/v1/chat/completions", SimTesting.chat("\"stream\":true,\"max_tokens\":4"));
                connection.postJson("/v1/completions", SimTesting.completion("\"max_tokens\":3"));
                connection.postJson("/v1/completions", "not json");
            }
            SimStats stats = SimTesting.awaitStats(server, s -> s.decoding() == 0, java.time.Duration.ofSeconds(5));
            assertThat(stats).isEqualTo(new SimStats(2, 2, 0, 0, 7, 0));
        }
    }
}
