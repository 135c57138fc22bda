package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replies from a server configured with 3 reasoning tokens, streamed and not. */
class ReasoningAndNonStreamTest {
    private static SimServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimTesting.fastConfig().reasoningTokens(3).build());
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer ignored")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void streamedReasoningTokensComeFirstAsReasoningContent() throws Exception {
        StreamedReply reply;
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            reply = new StreamedReply(connection.postJson("/v1/chat/completions", SimTesting.chat(
                    "\"stream\":true,\"max_tokens\":8,\"ignore_eos\":true,"
                            + "\"stream_options\":{\"include_usage\":true}")));
        }

        assertThat(reply.tokens).hasSize(8);
        assertThat(reply.tokens.subList(0, 3)).allSatisfy(token -> {
            assertThat(token.reasoning()).isTrue();
            assertThat(Vocabulary.isReasoningWord(token.text())).isTrue();
        });
        assertThat(reply.tokens.subList(3, 8)).allSatisfy(token -> {
            assertThat(token.reasoning()).isFalse();
            assertThat(Vocabulary.isContentWord(token.text())).isTrue();
        });
        assertThat(reply.usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(3);
        assertThat(reply.usage.get("completion_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void shortRepliesAreAllReasoning() throws Exception {
        HttpResponse<String> response =
                post("/v1/chat/completions", SimTesting.chat("\"max_tokens\":2,\"ignore_eos\":true"));
        JsonNode body = StreamedReply.JSON.readTree(response.body());

        assertThat(body.at("/choices/0/message/reasoning_content").asText()).matches("( [a-z]+){2}");
        assertThat(body.at("/choices/0/message/content").asText()).isEmpty();
        assertThat(body.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void nonStreamChatBodyHasMessageFinishReasonAndUsage() throws Exception {
        HttpResponse<String> response =
                post("/v1/chat/completions", SimTesting.chat("\"max_tokens\":10,\"ignore_eos\":true"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length());
        JsonNode body = StreamedReply.JSON.readTree(response.body());
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("model").asText()).isEqualTo("test-model");
        JsonNode choice = body.at("/choices/0");
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
        assertThat(choice.at("/message/content").asText()).matches("( [a-z]+){7}");
        assertThat(choice.at("/message/reasoning_content").asText()).matches("( [a-z]+){3}");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(9);
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(10);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(19);
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void nonStreamCompletionBodyHasText() throws Exception {
        HttpResponse<String> response = post("/v1/completions", "{\"prompt\":[\"abcd\",\"efgh\"],\"max_tokens\":4}");

        JsonNode body = StreamedReply.JSON.readTree(response.body());
        assertThat(body.get("object").asText()).isEqualTo("text_completion");
        assertThat(body.get("id").asText()).startsWith("cmpl-");
        assertThat(body.get("model").asText()).isEqualTo("barrage-sim");
        assertThat(body.at("/choices/0/text").asText()).matches("( [a-z]+){4}");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(2);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void promptTokensFollowTheApproximationOverHttp() throws Exception {
        // chat: 2 + (4 + ceil(5/4)) + (4 + 2 CJK + ceil(1/4)) + (4 + 0 for an image part)
        String chat = "{\"messages\":[{\"role\":\"system\",\"content\":\"abcde\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"你好\"},"
                + "{\"type\":\"text\",\"text\":\"!\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}],"
                + "\"max_tokens\":1}";
        JsonNode chatBody = StreamedReply.JSON.readTree(post("/v1/chat/completions", chat).body());
        assertThat(chatBody.at("/usage/prompt_tokens").asInt()).isEqualTo(2 + 6 + 7 + 4);

        JsonNode ids = StreamedReply.JSON.readTree(
                post("/v1/completions", "{\"prompt\":[1,2,3,4,5],\"max_tokens\":1}").body());
        assertThat(ids.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
    }
}
