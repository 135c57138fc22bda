package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The length rules as seen by a client, through the request fields that drive them. */
class ReplyLengthOverHttpTest {
    private static SimServer server;

    @BeforeAll
    static void start() {
        server = SimServer.start(
                SimTesting.fastConfig().ttftMs(0).itlMs(0).outputMinTokens(4).outputMaxTokens(9).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static StreamedReply chatStream(String fields) throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            return new StreamedReply(connection.postJson("/v1/chat/completions",
                    SimTesting.chat("\"stream\":true," + fields)));
        }
    }

    @Test
    void naturalLengthWithinConfiguredBounds() throws Exception {
        for (int i = 0; i < 20; i++) {
            StreamedReply reply = chatStream("\"stream_options\":{\"include_usage\":true}");
            assertThat(reply.tokens).hasSizeBetween(4, 9);
            assertThat(reply.usage.get("completion_tokens").asInt()).isEqualTo(reply.tokens.size());
            assertThat(reply.tokens.get(reply.tokens.size() - 1).finishReason()).isEqualTo("stop");
        }
    }

    @Test
    void maxTokensCapsAndReportsLength() throws Exception {
        StreamedReply reply = chatStream("\"max_tokens\":2");
        assertThat(reply.tokens).hasSize(2);
        assertThat(reply.tokens.get(1).finishReason()).isEqualTo("length");
    }

    @Test
    void maxCompletionTokensIsAnAliasForMaxTokens() throws Exception {
        StreamedReply reply = chatStream("\"max_completion_tokens\":3");
        assertThat(reply.tokens).hasSize(3);
    }

    @Test
    void minTokensExtendsBeyondTheNaturalLength() throws Exception {
        StreamedReply reply = chatStream("\"min_tokens\":25");
        assertThat(reply.tokens).hasSize(25);
        assertThat(reply.tokens.get(24).finishReason()).isEqualTo("stop");
    }

    @Test
    void ignoreEosWithMaxTokensGoesPastTheNaturalMaximum() throws Exception {
        StreamedReply reply = chatStream("\"max_tokens\":40,\"ignore_eos\":true");
        assertThat(reply.tokens).hasSize(40);
        assertThat(reply.tokens.get(39).finishReason()).isEqualTo("length");
    }
}
