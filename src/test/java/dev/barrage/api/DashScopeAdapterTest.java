package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.barrage.api.ApiEvents.feed;
import static org.assertj.core.api.Assertions.assertThat;

/** The DashScope adapter against events shaped as Alibaba Cloud Model Studio's documentation shows them. */
class DashScopeAdapterTest {
    private static final String PATH = "/api/v1/services/aigc/text-generation/generation";

    private static DashScopeAdapter adapter(Arguments.Builder args) {
        return new DashScopeAdapter(new ApiContext(args.build(), PATH, null));
    }

    private static Arguments.Builder base() {
        return Arguments.builder().model("qwen-plus").url("http://127.0.0.1:1" + PATH);
    }

    private static String event(String message, String finish, int output, int reasoning) {
        return "{\"output\":{\"choices\":[{\"message\":" + message + ",\"finish_reason\":\"" + finish + "\"}]},"
                + "\"usage\":{\"total_tokens\":" + (287 + output) + ",\"output_tokens\":" + output + ",\"input_tokens\":287,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":" + reasoning + "}},\"request_id\":\"a19\"}";
    }

    @Test
    void incrementalEventsGiveTokenEventsAndTheLastUsageWins() {
        ResponseState s = new ResponseState();
        DashScopeAdapter a = adapter(base());
        feed(a, s, 10, event("{\"content\":\"\",\"reasoning_content\":\"The\",\"role\":\"assistant\"}", "null", 1, 1));
        feed(a, s, 20, event("{\"content\":\"\",\"reasoning_content\":\"\",\"role\":\"assistant\"}", "null", 1, 1));
        feed(a, s, 30, event("{\"content\":\"123 to the\",\"reasoning_content\":\"\",\"role\":\"assistant\"}", "null", 4, 1));
        feed(a, s, 40, event("{\"content\":\" power\",\"role\":\"assistant\"}", "null", 5, 1));
        feed(a, s, 50, event("{\"content\":\"\",\"reasoning_content\":\"\",\"role\":\"assistant\"}", "stop", 5, 1));
        assertThat(s.tokenNanos()).containsExactly(10, 30, 40);
        assertThat(s.content()).isEqualTo("123 to the power");
        assertThat(s.reasoning()).isEqualTo("The");
        assertThat(s.promptTokens()).isEqualTo(287);
        assertThat(s.completionTokens()).isEqualTo(5);
        assertThat(s.reasoningTokens()).isEqualTo(1);
        assertThat(s.finishReason()).isEqualTo("stop");
        assertThat(s.bodyError()).isNull();
    }

    @Test
    void textFormatAndErrorEventsAreUnderstood() {
        ResponseState text = new ResponseState();
        feed(adapter(base()), text, 3, "{\"output\":{\"text\":\"Hi\",\"finish_reason\":\"null\"},\"usage\":"
                + "{\"input_tokens\":2,\"output_tokens\":1},\"request_id\":\"r\"}");
        assertThat(text.tokenNanos()).containsExactly(3);
        assertThat(text.content()).isEqualTo("Hi");
        ResponseState error = new ResponseState();
        feed(adapter(base()), error, 3, "{\"code\":\"InvalidParameter\",\"message\":\"Range of max_tokens should be"
                + " [1, 8192]\",\"request_id\":\"r\"}");
        assertThat(error.bodyError()).isEqualTo("Range of max_tokens should be [1, 8192]");
    }

    @Test
    void bodyPutsMessagesInInputAndSettingsInParametersAndAsksForSseInAHeader() throws Exception {
        DashScopeAdapter a = adapter(base().maxTokens(100).topP(0.8).seed(3L).stop(List.of("\n\n"))
                .extraArgs(Map.of("enable_thinking", false)));
        JsonNode b = ApiBodies.JSON.readTree(a.buildBody(Prompt.ofText("hello")));
        assertThat(b.get("model").asText()).isEqualTo("qwen-plus");
        assertThat(b.at("/input/messages/0/content").asText()).isEqualTo("hello");
        assertThat(b.at("/parameters/result_format").asText()).isEqualTo("message");
        assertThat(b.at("/parameters/incremental_output").asBoolean()).isTrue();
        assertThat(b.at("/parameters/max_tokens").asInt()).isEqualTo(100);
        assertThat(b.at("/parameters/top_p").asDouble()).isEqualTo(0.8);
        assertThat(b.at("/parameters/seed").asInt()).isEqualTo(3);
        assertThat(b.at("/parameters/stop/0").asText()).isEqualTo("\n\n");
        assertThat(b.at("/parameters/enable_thinking").asBoolean()).isFalse();
        assertThat(b.has("stream")).isFalse();
        assertThat(a.headers(null)).containsExactly(Map.entry("X-DashScope-SSE", "enable"));
        assertThat(a.headers("sk")).containsEntry("Authorization", "Bearer sk");
        DashScopeAdapter whole = adapter(base().stream(false));
        assertThat(whole.headers(null)).isEmpty();
        assertThat(ApiBodies.JSON.readTree(whole.buildBody(Prompt.ofText("x"))).at("/parameters/incremental_output")
                .isMissingNode()).isTrue();
    }

    @Test
    void aWholeReplyGivesItsMessageAndUsage() {
        ResponseState s = new ResponseState();
        ApiEvents.body(adapter(base().stream(false)), s, "{\"output\":{\"choices\":[{\"finish_reason\":\"stop\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Hangzhou\"}}]},\"usage\":{\"input_tokens\":8,"
                + "\"output_tokens\":2,\"total_tokens\":10,\"prompt_tokens_details\":{\"cached_tokens\":4}},\"request_id\":\"r\"}");
        assertThat(s.content()).isEqualTo("Hangzhou");
        assertThat(s.promptTokens()).isEqualTo(8);
        assertThat(s.completionTokens()).isEqualTo(2);
        assertThat(s.cachedTokens()).isEqualTo(4);
    }
}
