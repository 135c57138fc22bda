package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DisconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String LONG_STREAM =
            SimTesting.chat("\"stream\":true,\"max_tokens\":100000,\"ignore_eos\":true");

    @Test
    void clientsLeavingWhileQueuedOrDecodingFreeTheirPlaces() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().maxBatch(1).itlMs(5).build())) {
            RawHttpConnection decoding = new RawHttpConnection(server.port());
            decoding.send("POST", "/v1/chat/completions", LONG_STREAM);
            assertThat(SimTesting.awaitStats(server, s -> s.decoding() == 1, WAIT).decoding()).isEqualTo(1);
            RawHttpConnection queued = new RawHttpConnection(server.port());
            queued.send("POST", "/v1/chat/completions", LONG_STREAM);
            assertThat(SimTesting.awaitStats(server, s -> s.queued() == 1, WAIT).queued()).isEqualTo(1);

            queued.closeAbruptly();
            SimStats afterQueuedLeft =
                    SimTesting.awaitStats(server, s -> s.queued() == 0 && s.disconnects() == 1, WAIT);
            assertThat(afterQueuedLeft.queued()).isZero();
            assertThat(afterQueuedLeft.decoding()).isEqualTo(1);
            assertThat(afterQueuedLeft.disconnects()).isEqualTo(1);

            decoding.close();
            SimStats afterAllLeft = SimTesting.awaitStats(server, s -> s.decoding() == 0 && s.disconnects() == 2, WAIT);
            assertThat(afterAllLeft.decoding()).isZero();
            assertThat(afterAllLeft.queued()).isZero();
            assertThat(afterAllLeft.disconnects()).isEqualTo(2);
            assertThat(afterAllLeft.completed()).isZero();

            // the slot is really free: a new request is served at once
            try (RawHttpConnection next = new RawHttpConnection(server.port())) {
                StreamedReply reply = new StreamedReply(next.postJson("/v1/chat/completions",
                        SimTesting.chat("\"stream\":true,\"max_tokens\":3,\"ignore_eos\":true")));
                assertThat(reply.tokens).hasSize(3);
            }
            assertThat(SimTesting.awaitStats(server, s -> s.decoding() == 0, WAIT).completed()).isEqualTo(1);
        }
    }

    @Test
    void aQueuedRequestIsAdmittedWhenTheDecodingClientLeaves() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().maxBatch(1).itlMs(5).build())) {
            RawHttpConnection decoding = new RawHttpConnection(server.port());
            decoding.send("POST", "/v1/chat/completions", LONG_STREAM);
            SimTesting.awaitStats(server, s -> s.decoding() == 1, WAIT);
            try (RawHttpConnection waiting = new RawHttpConnection(server.port())) {
                long sentNanos = waiting.send("POST", "/v1/chat/completions",
                        SimTesting.chat("\"stream\":true,\"max_tokens\":2,\"ignore_eos\":true"));
                SimTesting.awaitStats(server, s -> s.queued() == 1, WAIT);
                decoding.closeAbruptly();

                StreamedReply reply = new StreamedReply(waiting.readResponse(sentNanos));
                assertThat(reply.tokens).hasSize(2);
                assertThat(reply.doneLast).isTrue();
            }
        }
    }

    @Test
    void nonStreamedRequestsLeavingAlsoFreeTheSlot() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().maxBatch(2).itlMs(5).build())) {
            RawHttpConnection connection = new RawHttpConnection(server.port());
            connection.send("POST", "/v1/completions",
                    SimTesting.completion("\"max_tokens\":100000,\"ignore_eos\":true"));
            SimTesting.awaitStats(server, s -> s.decoding() == 1, WAIT);

            connection.close();
            SimStats stats = SimTesting.awaitStats(server, s -> s.decoding() == 0, WAIT);
            assertThat(stats.decoding()).isZero();
            assertThat(stats.disconnects()).isEqualTo(1);
        }
    }

    @Test
    void closingTheServerEndsOpenStreams() throws Exception {
        SimServer server = SimServer.start(SimTesting.fastConfig().build());
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            connection.send("POST", "/v1/chat/completions", LONG_STREAM);
            SimTesting.awaitStats(server, s -> s.decoding() == 1, WAIT);
            server.close();
            server.close(); // idempotent
            assertThat(connection.closedByPeer(10_000)).isTrue();
        }
    }
}
