package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When OpenAI chat's role-only chunk goes out. A client that stops its TTFT clock at the first
 * event of any kind (evalscope, {@code vllm bench serve}) must read the configured TTFT, as it
 * does against vLLM and llama.cpp, which send the role chunk with the engine's first output.
 * {@code --early-role-chunk} keeps the old behaviour (role chunk on admission) for testing such
 * clients. Bounds are wide: the machine is shared; lateness makes times longer, never shorter.
 */
class RoleChunkTest {
    private static final double TTFT_MS = 100;

    private static StreamedReply streamChat(SimServer server) throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            return new StreamedReply(connection.postJson("/v1/chat/completions",
                    SimTesting.chat("\"stream\":true,\"max_tokens\":8,\"ignore_eos\":true")));
        }
    }

    /** Milliseconds from sending the request to the arrival of the first chunk of any kind. */
    private static double firstChunkMs(StreamedReply reply) {
        return (reply.arrivals.get(0) - reply.response.sentNanos()) / 1e6;
    }

    @Test
    void aFirstChunkClientReadsTheConfiguredTtft() throws Exception {
        SimConfig config = SimTesting.fastConfig().ttftMs(TTFT_MS).itlMs(5).build();
        try (SimServer server = SimServer.start(config)) {
            streamChat(server); // warm-up: class loading, JIT
            StreamedReply reply = streamChat(server);

            assertThat(reply.events.get(0)).isSameAs(reply.roleEvent);
            assertThat(firstChunkMs(reply)).as("first chunk, the role chunk").isBetween(TTFT_MS - 5, TTFT_MS + 150);
            // the role chunk leaves in the same write as the first token
            assertThat((reply.firstTokenNanos() - reply.roleArrivalNanos) / 1e6).isBetween(0.0, 3.0);
            assertThat(reply.ttftMs()).isBetween(TTFT_MS - 5, TTFT_MS + 150);
        }
    }

    @Test
    void earlyRoleChunkSendsItOnAdmission() throws Exception {
        SimConfig config = SimTesting.fastConfig().ttftMs(TTFT_MS).itlMs(5).earlyRoleChunk(true).build();
        try (SimServer server = SimServer.start(config)) {
            streamChat(server);
            StreamedReply reply = streamChat(server);

            assertThat(reply.events.get(0)).isSameAs(reply.roleEvent);
            assertThat(firstChunkMs(reply)).as("role chunk on admission").isLessThan(TTFT_MS / 2);
            assertThat(reply.ttftMs()).isBetween(TTFT_MS - 5, TTFT_MS + 150);
        }
    }

    @Test
    void completionsStreamsHaveNoRoleChunk() throws Exception {
        SimConfig config = SimTesting.fastConfig().ttftMs(20).build();
        try (SimServer server = SimServer.start(config);
                RawHttpConnection connection = new RawHttpConnection(server.port())) {
            StreamedReply reply = new StreamedReply(connection.postJson("/v1/completions",
                    SimTesting.completion("\"stream\":true,\"max_tokens\":3,\"ignore_eos\":true")));

            assertThat(reply.roleEvent).isNull();
            assertThat(reply.tokens).hasSize(3);
        }
    }
}
