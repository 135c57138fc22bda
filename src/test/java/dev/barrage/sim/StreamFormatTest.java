package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamFormatTest {
    private static SimServer server;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimTesting.fastConfig().reasoningTokens(0).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static StreamedReply stream(String path, String body) throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            return new StreamedReply(connection.postJson(path, body));
        }
    }

    @Test
    void chatStreamHasRoleChunkThenExactlyLTokensThenUsageThenDone() throws Exception {
        StreamedReply reply = stream("/v1/chat/completions", SimTesting.chat(
                "\"stream\":true,\"max_tokens\":7,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(reply.response.status()).isEqualTo(200);
        assertThat(reply.response.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(reply.response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(reply.response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(reply.response.header("Connection")).isEqualTo("keep-alive");
        assertThat(reply.events.get(0)).isSameAs(reply.roleEvent);
        assertThat(reply.roleEvent.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(reply.roleEvent.at("/choices/0/delta/content").asText()).isEmpty();
        assertThat(reply.tokens).hasSize(7);
        assertThat(reply.tokens).allSatisfy(token -> assertThat(Vocabulary.isContentWord(token.text())).isTrue());
        assertThat(reply.tokens.subList(0, 6)).allSatisfy(token -> assertThat(token.finishReason()).isNull());
        assertThat(reply.tokens.get(6).finishReason()).isEqualTo("length");
        // role + 7 tokens + usage, then [DONE]
        assertThat(reply.events).hasSize(9);
        JsonNode usageEvent = reply.events.get(8);
        assertThat(usageEvent.get("choices").isArray()).isTrue();
        assertThat(usageEvent.get("choices")).isEmpty();
        assertThat(reply.usage.get("prompt_tokens").asInt()).isEqualTo(4 + 3 + 2); // "hello there": 11 chars
        assertThat(reply.usage.get("completion_tokens").asInt()).isEqualTo(7);
        assertThat(reply.usage.get("total_tokens").asInt()).isEqualTo(16);
        assertThat(reply.usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isZero();
        assertThat(reply.doneLast).isTrue();
    }

    @Test
    void everyChatEventCarriesIdObjectCreatedAndTheRequestedModel() throws Exception {
        StreamedReply reply = stream("/v1/chat/completions",
                SimTesting.chat("\"stream\":true,\"max_tokens\":3,\"ignore_eos\":true")
                        .replace("test-model", "my/model\\\"x"));

        String id = reply.events.get(0).get("id").asText();
        assertThat(id).startsWith("chatcmpl-");
        long nowSeconds = System.currentTimeMillis() / 1000;
        for (JsonNode event : reply.events) {
            assertThat(event.get("id").asText()).isEqualTo(id);
            assertThat(event.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(event.get("created").asLong()).isBetween(nowSeconds - 60, nowSeconds + 1);
            assertThat(event.get("model").asText()).isEqualTo("my/model\"x");
        }
    }

    @Test
    void noUsageChunkUnlessAskedFor() throws Exception {
        StreamedReply reply = stream("/v1/chat/completions",
                SimTesting.chat("\"stream\":true,\"max_tokens\":3,\"ignore_eos\":true"));

        assertThat(reply.usage).isNull();
        assertThat(reply.events).hasSize(4);
        assertThat(reply.doneLast).isTrue();
    }

    @Test
    void completionsStreamHasNoRoleChunkAndTextFields() throws Exception {
        StreamedReply reply = stream("/v1/completions", SimTesting.completion(
                "\"stream\":true,\"max_tokens\":5,\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true}"));

        assertThat(reply.roleEvent).isNull();
        assertThat(reply.tokens).hasSize(5);
        assertThat(reply.events).hasSize(6);
        for (JsonNode event : reply.events) {
            assertThat(event.get("id").asText()).startsWith("cmpl-");
            assertThat(event.get("object").asText()).isEqualTo("text_completion");
        }
        assertThat(reply.events.get(0).at("/choices/0/text").asText()).startsWith(" ");
        assertThat(reply.tokens.get(4).finishReason()).isEqualTo("length");
        assertThat(reply.usage.get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(reply.usage.get("completion_tokens").asInt()).isEqualTo(5);
        assertThat(reply.doneLast).isTrue();
    }

    @Test
    void pathsWithoutV1PrefixWork() throws Exception {
        StreamedReply chat = stream("/chat/completions", SimTesting.chat("\"stream\":true,\"max_tokens\":2"));
        StreamedReply text = stream("/completions", SimTesting.completion("\"stream\":true,\"max_tokens\":2"));

        assertThat(chat.tokens).isNotEmpty();
        assertThat(text.tokens).isNotEmpty();
    }

    @Test
    void eachEventIsItsOwnChunkInSseFraming() throws Exception {
        StreamedReply reply = stream("/v1/chat/completions", SimTesting.chat("\"stream\":true,\"max_tokens\":4"));

        List<RawHttpConnection.Chunk> chunks = reply.response.chunks();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text()).startsWith("data: ").endsWith("\n\n");
            assertThat(chunk.text().indexOf("data: ", 1)).isEqualTo(-1);
        });
        assertThat(chunks.get(chunks.size() - 1).text()).isEqualTo("data: [DONE]\n\n");
    }
}
