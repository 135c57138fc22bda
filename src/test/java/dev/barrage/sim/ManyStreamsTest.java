package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thousands of overlapping streams: every one must get every event, in order, once. */
class ManyStreamsTest {
    private static final String FIVE_TOKENS = SimTesting.chat(
            "\"stream\":true,\"max_tokens\":5,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}");

    @Test
    void twoThousandConcurrentStreamsGetEveryEvent() throws Exception {
        SimConfig config = SimTesting.fastConfig().maxBatch(4096).ttftMs(100).itlMs(1).build();
        try (SimServer server = SimServer.start(config); NettyStreamClient client = new NettyStreamClient()) {
            List<NettyStreamClient.Stream> streams = client.run(server.port(), "/v1/chat/completions", FIVE_TOKENS,
                    2_000, 120);

            streams.forEach(ManyStreamsTest::assertCompleteFiveTokenStream);
            SimStats stats = SimTesting.awaitStats(server, s -> s.completed() == 2_000, Duration.ofSeconds(10));
            assertThat(stats.completed()).isEqualTo(2_000);
            assertThat(stats.tokensSent()).isEqualTo(10_000);
            assertThat(stats.disconnects()).isZero();
            assertThat(stats.decoding()).isZero();
            assertThat(stats.queued()).isZero();
        }
    }

    @Test
    void aSmallBatchServesAThousandQueuedStreamsAcrossEventLoops() throws Exception {
        SimConfig config = SimTesting.fastConfig().maxBatch(50).ttftMs(1).itlMs(1).itlGrowth(0.01).build();
        try (SimServer server = SimServer.start(config); NettyStreamClient client = new NettyStreamClient()) {
            List<NettyStreamClient.Stream> streams = client.run(server.port(), "/v1/chat/completions", FIVE_TOKENS,
                    1_000, 120);

            streams.forEach(ManyStreamsTest::assertCompleteFiveTokenStream);
            SimStats stats = SimTesting.awaitStats(server, s -> s.completed() == 1_000, Duration.ofSeconds(10));
            assertThat(stats.completed()).isEqualTo(1_000);
            assertThat(stats.decoding()).isZero();
            assertThat(stats.queued()).isZero();
        }
    }

    private static void assertCompleteFiveTokenStream(NettyStreamClient.Stream stream) {
        assertThat(stream.failure).isNull();
        assertThat(stream.status).isEqualTo(200);
        List<String> events = stream.events();
        // role, five tokens, usage, [DONE]
        assertThat(events).hasSize(8);
        assertThat(events.get(0)).contains("\"role\":\"assistant\"");
        for (int i = 1; i <= 5; i++) {
            assertThat(events.get(i)).contains("\"delta\":{\"content\":\" ");
        }
        assertThat(events.get(5)).contains("\"finish_reason\":\"length\"");
        assertThat(events.get(6)).contains("\"completion_tokens\":5");
        assertThat(events.get(7)).isEqualTo("data: [DONE]");
    }
}
