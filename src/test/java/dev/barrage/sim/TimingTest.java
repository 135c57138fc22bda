package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The timing model seen from a client. Tolerances are wide on purpose: this runs on shared,
 * busy machines; a late scheduler makes things slower, never faster, so lower bounds are tight.
 */
class TimingTest {

    private static StreamedReply streamChat(SimServer server, String fields) throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            return new StreamedReply(connection.postJson("/v1/chat/completions",
                    SimTesting.chat("\"stream\":true," + fields)));
        }
    }

    private static List<StreamedReply> concurrently(int count, Callable<StreamedReply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<StreamedReply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(call));
            }
            List<StreamedReply> replies = new ArrayList<>();
            for (Future<StreamedReply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void firstTokenAndGapsFollowTtftAndItl() throws Exception {
        SimConfig config = SimTesting.fastConfig().ttftMs(100).itlMs(10).build();
        try (SimServer server = SimServer.start(config)) {
            streamChat(server, "\"max_tokens\":2"); // warm-up: class loading, JIT
            StreamedReply reply = streamChat(server, "\"max_tokens\":21,\"ignore_eos\":true");

            assertThat(reply.ttftMs()).isBetween(95.0, 250.0);
            assertThat(reply.meanItlMs()).isBetween(9.0, 30.0);
        }
    }

    @Test
    void prefillAddsPerPromptToken() throws Exception {
        SimConfig config = SimTesting.fastConfig().ttftMs(20).prefillUsPerToken(1000).build();
        try (SimServer server = SimServer.start(config)) {
            // 400 narrow characters = 100 tokens -> 4 + 100 + 2 = 106 prompt tokens -> +106 ms
            String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(400)
                    + "\"}],\"stream\":true,\"max_tokens\":1}";
            try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
                StreamedReply reply = new StreamedReply(connection.postJson("/v1/chat/completions", body));
                assertThat(reply.ttftMs()).isBetween(120.0, 300.0);
            }
        }
    }

    @Test
    void withOneSlotTheSecondRequestWaitsForTheFirstToFinish() throws Exception {
        SimConfig config = SimTesting.fastConfig().maxBatch(1).ttftMs(30).itlMs(5).build();
        try (SimServer server = SimServer.start(config)) {
            List<StreamedReply> replies = concurrently(2,
                    () -> streamChat(server, "\"max_tokens\":10,\"ignore_eos\":true"));

            StreamedReply first = replies.get(0).firstTokenNanos() < replies.get(1).firstTokenNanos()
                    ? replies.get(0) : replies.get(1);
            StreamedReply second = first == replies.get(0) ? replies.get(1) : replies.get(0);
            // The two events leave the server together when the slot passes over; read on two
            // client threads, their stamps may come out a few microseconds in either order.
            assertThat(second.roleArrivalNanos).isGreaterThanOrEqualTo(first.lastTokenNanos() - 5_000_000L);
            assertThat(second.firstTokenNanos()).isGreaterThan(first.lastTokenNanos());
            // admission + ttft: at least 30 ms after the slot was freed
            assertThat((second.firstTokenNanos() - first.lastTokenNanos()) / 1e6).isGreaterThan(25.0);
            assertThat(server.stats().completed()).isEqualTo(2);
        }
    }

    @Test
    void interTokenLatencyGrowsWithTheNumberOfDecodingSequences() throws Exception {
        SimConfig config = SimTesting.fastConfig().ttftMs(5).itlMs(4).itlGrowth(1.0).build();
        try (SimServer server = SimServer.start(config)) {
            String fields = "\"max_tokens\":25,\"ignore_eos\":true";
            double aloneMs = streamChat(server, fields).meanItlMs();
            List<StreamedReply> together = concurrently(8, () -> streamChat(server, fields));
            double togetherMs = together.stream().mapToDouble(StreamedReply::meanItlMs).average().orElseThrow();

            // alone: 4 ms; eight at once: up to 4 * (1 + 7) = 32 ms while all of them decode
            assertThat(aloneMs).isBetween(3.5, 12.0);
            assertThat(togetherMs).isGreaterThan(2.0 * aloneMs).isGreaterThan(14.0);
        }
    }
}
