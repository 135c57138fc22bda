package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.barrage.api.ApiEvents.feed;
import static org.assertj.core.api.Assertions.assertThat;

/** The Responses API adapter against events shaped as OpenAI's streaming reference lists them. */
class ResponsesAdapterTest {
    private static ResponsesAdapter adapter(Arguments.Builder args) {
        return new ResponsesAdapter(new ApiContext(args.build(), "/v1/responses", null));
    }

    private static Arguments.Builder base() {
        return Arguments.builder().model("gpt").url("http://127.0.0.1:1/v1/responses");
    }

    @Test
    void textRefusalAndReasoningDeltasAreTokenEventsAndUsageComesWithCompleted() {
        ResponseState s = new ResponseState();
        ResponsesAdapter a = adapter(base());
        feed(a, s, 1, "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\","
                + "\"status\":\"in_progress\",\"usage\":null}}");
        feed(a, s, 5, "{\"type\":\"response.reasoning_summary_text.delta\",\"item_id\":\"rs\",\"delta\":\"Think\"}");
        feed(a, s, 7, "{\"type\":\"response.reasoning_text.delta\",\"item_id\":\"rs\",\"delta\":\"ing\"}");
        feed(a, s, 9, "{\"type\":\"response.output_item.added\",\"item\":{\"type\":\"message\",\"content\":[]}}");
        feed(a, s, 10, "{\"delta\":\"Hel\",\"type\":\"response.output_text.delta\",\"item_id\":\"msg\"}");
        feed(a, s, 11, "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg\",\"delta\":\"\"}");
        feed(a, s, 12, "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg\",\"delta\":\"lo\"}");
        feed(a, s, 13, "{\"type\":\"response.output_text.done\",\"text\":\"Hello\"}");
        feed(a, s, 14, "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\","
                + "\"output\":[],\"usage\":{\"input_tokens\":36,\"input_tokens_details\":{\"cached_tokens\":32},"
                + "\"output_tokens\":87,\"output_tokens_details\":{\"reasoning_tokens\":64},\"total_tokens\":123}}}");
        assertThat(s.tokenNanos()).containsExactly(5, 7, 10, 12);
        assertThat(s.content()).isEqualTo("Hello");
        assertThat(s.reasoning()).isEqualTo("Thinking");
        assertThat(s.promptTokens()).isEqualTo(36);
        assertThat(s.cachedTokens()).isEqualTo(32);
        assertThat(s.completionTokens()).isEqualTo(87);
        assertThat(s.reasoningTokens()).isEqualTo(64);
        assertThat(s.done()).isTrue();
        assertThat(s.bodyError()).isNull();
    }

    @Test
    void failedResponsesAndErrorEventsFailTheRequest() {
        ResponseState failed = new ResponseState();
        feed(adapter(base()), failed, 1, "{\"type\":\"response.failed\",\"response\":{\"status\":\"failed\","
                + "\"error\":{\"code\":\"server_error\",\"message\":\"The model crashed\"}}}");
        assertThat(failed.bodyError()).isEqualTo("The model crashed");
        ResponseState error = new ResponseState();
        feed(adapter(base()), error, 1, "{\"type\":\"error\",\"code\":\"ERR_SOMETHING\",\"message\":\"Something went wrong\"}");
        assertThat(error.bodyError()).isEqualTo("Something went wrong");
    }

    @Test
    void bodyCarriesInputAndMaxOutputTokensAndRenamesContentParts() throws Exception {
        JsonNode text = ApiBodies.JSON.readTree(adapter(base().maxTokens(50)).buildBody(Prompt.ofText("hi")));
        assertThat(text.get("input").asText()).isEqualTo("hi");
        assertThat(text.get("max_output_tokens").asInt()).isEqualTo(50);
        assertThat(text.has("max_tokens")).isFalse();
        assertThat(text.get("stream").asBoolean()).isTrue();
        ArrayNode messages = ApiBodies.JSON.createArrayNode();
        ArrayNode parts = messages.addObject().put("role", "user").putArray("content");
        parts.addObject().put("type", "text").put("text", "see");
        parts.addObject().put("type", "image_url").putObject("image_url").put("url", "data:image/png;base64,AA");
        JsonNode chat = ApiBodies.JSON.readTree(adapter(base().extraArgs(Map.of("reasoning", Map.of("effort", "low"))))
                .buildBody(Prompt.ofMessages(messages)));
        assertThat(chat.at("/input/0/content/0/type").asText()).isEqualTo("input_text");
        assertThat(chat.at("/input/0/content/1/type").asText()).isEqualTo("input_image");
        assertThat(chat.at("/input/0/content/1/image_url").asText()).isEqualTo("data:image/png;base64,AA");
        assertThat(chat.at("/reasoning/effort").asText()).isEqualTo("low");
        assertThat(adapter(base()).headers(null)).isEmpty();
        assertThat(adapter(base()).headers("k")).containsEntry("Authorization", "Bearer k");
    }

    @Test
    void aWholeResponseGivesItsOutputTextAndUsage() {
        ResponseState s = new ResponseState();
        ApiEvents.body(adapter(base().stream(false)), s, "{\"object\":\"response\",\"status\":\"completed\",\"output\":["
                + "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"brief\"}]},"
                + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Answer\"}]}],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":5,\"output_tokens_details\":{\"reasoning_tokens\":2}}}");
        assertThat(s.content()).isEqualTo("Answer");
        assertThat(s.reasoning()).isEqualTo("brief");
        assertThat(s.completionTokens()).isEqualTo(5);
        assertThat(s.reasoningTokens()).isEqualTo(2);
    }
}
