package dev.barrage.sim;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's warm-ups, and the replies it renders for the client's warm-up. */
class SimWarmupTest {
    private static final String HEAD = "POST /v1/chat/completions HTTP/1.1\r\nHost: w\r\nContent-Type: application/json\r\n"
            + "Accept: text/event-stream\r\n";

    @Test
    void aRenderedStreamIsCompleteToItsLastChunk() {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
                + "\"max_tokens\":16,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}}";
        String reply = new String(SimServer.renderReply(SimConfig.builder().build(), HEAD,
                body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n").contains("\"completion_tokens\":16")
                .contains("data: [DONE]").endsWith("0\r\n\r\n");
        // role chunk + 16 tokens + usage + [DONE]
        assertThat(reply.split("data: ", -1)).hasSize(1 + 19);
    }

    @Test
    void aBadRequestRendersTheSimulatorsError() {
        String reply = new String(SimServer.renderReply(SimConfig.builder().build(), HEAD,
                "{not json".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(reply).startsWith("HTTP/1.1 400");
    }

    @Test
    void theStandaloneWarmUpServesInMemoryAndOverLoopback() {
        // 600 ms: a third in memory, the rest over an ephemeral loopback port
        int served = SimServer.warmUp(SimConfig.builder().port(0).build(), PromptTokenCounter.approximate(), 600);
        assertThat(served).isGreaterThan(6);
    }
}
