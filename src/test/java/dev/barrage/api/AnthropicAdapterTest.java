package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.barrage.api.ApiEvents.feed;
import static org.assertj.core.api.Assertions.assertThat;

/** The Messages API adapter against events shaped as Anthropic's streaming documentation shows them. */
class AnthropicAdapterTest {
    private static AnthropicAdapter adapter(Arguments.Builder args) {
        return new AnthropicAdapter(new ApiContext(args.build(), "/v1/messages", null));
    }

    private static Arguments.Builder base() {
        return Arguments.builder().model("claude").url("http://127.0.0.1:1/v1/messages");
    }

    @Test
    void streamsTextAndThinkingDeltasAsTokenEventsAndSumsCachedInputTokens() {
        ResponseState s = new ResponseState();
        AnthropicAdapter a = adapter(base());
        feed(a, s, 10, "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
                + "\"assistant\",\"content\":[],\"model\":\"claude\",\"usage\":{\"input_tokens\":25,"
                + "\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}");
        feed(a, s, 20, "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}");
        feed(a, s, 25, "{\"type\": \"ping\"}");
        feed(a, s, 30, "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me\"}}");
        feed(a, s, 35, "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQ\"}}");
        feed(a, s, 40, "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}");
        feed(a, s, 45, "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"\"}}");
        feed(a, s, 50, "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"!\"}}");
        feed(a, s, 55, "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":15}}");
        feed(a, s, 60, "{\"type\":\"message_stop\"}");
        assertThat(s.tokenNanos()).containsExactly(30, 40, 50);
        assertThat(s.content()).isEqualTo("Hello!");
        assertThat(s.reasoning()).isEqualTo("Let me");
        assertThat(s.contentEvents()).isEqualTo(2);
        assertThat(s.promptTokens()).isEqualTo(130);
        assertThat(s.cachedTokens()).isEqualTo(100);
        assertThat(s.completionTokens()).isEqualTo(15);
        assertThat(s.finishReason()).isEqualTo("end_turn");
        assertThat(s.done()).isTrue();
        assertThat(s.bodyError()).isNull();
        assertThat(s.malformed()).isNull();
    }

    @Test
    void anErrorEventFailsTheRequestWithItsMessage() {
        ResponseState s = new ResponseState();
        feed(adapter(base()), s, 1, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertThat(s.bodyError()).isEqualTo("Overloaded");
        ResponseState bad = new ResponseState();
        feed(adapter(base()), bad, 1, "{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"x\"");
        assertThat(bad.malformed()).startsWith("malformed JSON");
    }

    @Test
    void bodyMovesSystemMessagesOutConvertsImagesAndMapsFlags() throws Exception {
        ArrayNode messages = ApiBodies.JSON.createArrayNode();
        messages.addObject().put("role", "system").put("content", "Be brief.");
        ArrayNode parts = messages.addObject().put("role", "user").putArray("content");
        parts.addObject().put("type", "text").put("text", "What is this?");
        parts.addObject().put("type", "image_url").putObject("image_url").put("url", "data:image/png;base64,iVBOR");
        AnthropicAdapter a = adapter(base().maxTokens(64).topK(5).stop(List.of("END"))
                .extraArgs(Map.of("metadata", Map.of("user_id", "u1"))));
        JsonNode b = ApiBodies.JSON.readTree(a.buildBody(Prompt.ofMessages(messages)));
        assertThat(b.get("system").asText()).isEqualTo("Be brief.");
        assertThat(b.get("messages")).hasSize(1);
        assertThat(b.at("/messages/0/content/1/type").asText()).isEqualTo("image");
        assertThat(b.at("/messages/0/content/1/source/media_type").asText()).isEqualTo("image/png");
        assertThat(b.at("/messages/0/content/1/source/data").asText()).isEqualTo("iVBOR");
        assertThat(b.get("max_tokens").asInt()).isEqualTo(64);
        assertThat(b.get("top_k").asInt()).isEqualTo(5);
        assertThat(b.get("stop_sequences").get(0).asText()).isEqualTo("END");
        assertThat(b.at("/metadata/user_id").asText()).isEqualTo("u1");
        assertThat(b.get("stream").asBoolean()).isTrue();
        assertThat(b.has("stream_options")).isFalse();
        assertThat(messages.get(1).get("content").get(1).get("type").asText()).as("the dataset's prompt is not changed")
                .isEqualTo("image_url");
    }

    @Test
    void theKeyTravelsAsXApiKeyOnlyWhenGiven() {
        AnthropicAdapter a = adapter(base());
        assertThat(a.headers(null)).containsExactly(Map.entry("anthropic-version", "2023-06-01"));
        assertThat(a.headers("sk-ant")).containsEntry("x-api-key", "sk-ant").doesNotContainKey("Authorization");
    }

    @Test
    void aWholeMessageGivesTextThinkingAndUsage() {
        ResponseState s = new ResponseState();
        ApiEvents.body(adapter(base().stream(false)), s, "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"hmm\"},{\"type\":\"text\",\"text\":\"Hi there\"}],"
                + "\"stop_reason\":\"max_tokens\",\"usage\":{\"input_tokens\":9,\"output_tokens\":4}}");
        assertThat(s.content()).isEqualTo("Hi there");
        assertThat(s.reasoning()).isEqualTo("hmm");
        assertThat(s.promptTokens()).isEqualTo(9);
        assertThat(s.completionTokens()).isEqualTo(4);
        assertThat(s.finishReason()).isEqualTo("max_tokens");
    }
}
