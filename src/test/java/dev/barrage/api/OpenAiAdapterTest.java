package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/v1/chat/completions";

    private static Arguments.Builder base() {
        return Arguments.builder().model("m").url("http://127.0.0.1:1" + CHAT);
    }

    private static JsonNode body(OpenAiAdapter adapter, Prompt prompt) throws Exception {
        return JSON.readTree(adapter.buildBody(prompt));
    }

    private static void event(OpenAiAdapter adapter, ResponseState state, String data, long nanos) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        adapter.onEvent(bytes, bytes.length, nanos, state);
    }

    @Test
    void chatBodyHasEvalscopeDefaultsAndAsksForUsage() throws Exception {
        OpenAiAdapter adapter = new OpenAiAdapter(base().build(), CHAT, null);
        JsonNode b = body(adapter, Prompt.ofText("hi"));
        assertThat(b.get("model").asText()).isEqualTo("m");
        assertThat(b.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(b.at("/messages/0/content").asText()).isEqualTo("hi");
        assertThat(b.get("max_tokens").asInt()).isEqualTo(2048);
        assertThat(b.get("temperature").asDouble()).isEqualTo(0.0);
        assertThat(b.get("stream").asBoolean()).isTrue();
        assertThat(b.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(b.has("min_tokens")).isFalse();
        assertThat(b.has("top_p")).isFalse();
    }

    @Test
    void completionsPathSendsAPromptString() throws Exception {
        OpenAiAdapter adapter = new OpenAiAdapter(base().build(), "/v1/completions", null);
        assertThat(adapter.chat()).isFalse();
        JsonNode b = body(adapter, Prompt.ofText("once upon"));
        assertThat(b.get("prompt").asText()).isEqualTo("once upon");
        assertThat(b.has("messages")).isFalse();
    }

    @Test
    void givenFlagsAndExtraArgsAreSentAndExtraArgsWin() throws Exception {
        Arguments args = base().maxTokens(64).minTokens(64).topP(0.9).topK(20).seed(7L)
                .stop(java.util.List.of("</s>")).extraArgs(Map.of("ignore_eos", true, "max_tokens", 65)).build();
        JsonNode b = body(new OpenAiAdapter(args, CHAT, null), Prompt.ofText("x"));
        assertThat(b.get("min_tokens").asInt()).isEqualTo(64);
        assertThat(b.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(b.get("top_k").asInt()).isEqualTo(20);
        assertThat(b.get("seed").asLong()).isEqualTo(7);
        assertThat(b.get("stop").get(0).asText()).isEqualTo("</s>");
        assertThat(b.get("ignore_eos").asBoolean()).isTrue();
        assertThat(b.get("max_tokens").asInt()).isEqualTo(65);
    }

    @Test
    void templateValuesSurviveUnlessTheUserSetTheFlag() throws Exception {
        ObjectNode template = (ObjectNode) JSON.readTree(
                "{\"max_tokens\": 99, \"temperature\": 0.7, \"messages\": [{\"role\":\"system\",\"content\":\"old\"}],"
                        + " \"custom\": 1}");
        JsonNode unset = body(new OpenAiAdapter(base().build(), CHAT, template), Prompt.ofText("q"));
        assertThat(unset.get("max_tokens").asInt()).as("template wins over a default").isEqualTo(99);
        assertThat(unset.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(unset.get("custom").asInt()).isEqualTo(1);
        assertThat(unset.get("messages")).hasSize(1);
        assertThat(unset.at("/messages/0/content").asText()).as("dataset messages replace the template's").isEqualTo("q");

        JsonNode set = body(new OpenAiAdapter(base().maxTokens(12).build(), CHAT, template), Prompt.ofText("q"));
        assertThat(set.get("max_tokens").asInt()).as("a given flag wins over the template").isEqualTo(12);
        assertThat(template.get("max_tokens").asInt()).as("the shared template is not modified").isEqualTo(99);
    }

    @Test
    void fullBodyDatasetLinesKeepTheirFieldsButFollowTheStreamSetting() throws Exception {
        ObjectNode line = (ObjectNode) JSON.readTree(
                "{\"model\": \"other\", \"max_tokens\": 5, \"messages\": [{\"role\":\"user\",\"content\":\"c\"}],"
                        + " \"stream\": false}");
        JsonNode b = body(new OpenAiAdapter(base().maxTokens(100).build(), CHAT, null), Prompt.ofBody(line));
        assertThat(b.get("model").asText()).isEqualTo("other");
        assertThat(b.get("max_tokens").asInt()).isEqualTo(5);
        assertThat(b.get("stream").asBoolean()).isTrue();
        assertThat(b.get("temperature").asDouble()).as("gaps are filled").isEqualTo(0.0);
    }

    @Test
    void messagesPromptsAreSentAsGiven() throws Exception {
        ArrayNode messages = (ArrayNode) JSON.readTree("[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"u\"}]");
        JsonNode b = body(new OpenAiAdapter(base().build(), CHAT, null), Prompt.ofMessages(messages));
        assertThat(b.get("messages")).isEqualTo(messages);
    }

    @Test
    void noStreamDropsStreamOptions() throws Exception {
        JsonNode b = body(new OpenAiAdapter(base().stream(false).build(), CHAT, null), Prompt.ofText("x"));
        assertThat(b.get("stream").asBoolean()).isFalse();
        assertThat(b.has("stream_options")).isFalse();
    }

    @Test
    void roleAndUsageChunksAreNotTokensButContentAndReasoningAre() {
        OpenAiAdapter adapter = new OpenAiAdapter(base().build(), CHAT, null);
        ResponseState s = new ResponseState();
        event(adapter, s, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}", 10);
        event(adapter, s, "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"}}]}", 20);
        event(adapter, s, "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\" more\"}}]}", 25);
        event(adapter, s, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}", 30);
        event(adapter, s, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}]}", 40);
        event(adapter, s, "{\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":3},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}", 50);
        event(adapter, s, "[DONE]", 60);
        assertThat(s.tokenNanos()).containsExactly(20, 25, 30, 40);
        assertThat(s.content()).isEqualTo("Hi!");
        assertThat(s.reasoning()).isEqualTo("think more");
        assertThat(s.promptTokens()).isEqualTo(11);
        assertThat(s.completionTokens()).isEqualTo(4);
        assertThat(s.cachedTokens()).isEqualTo(3);
        assertThat(s.reasoningTokens()).isEqualTo(2);
        assertThat(s.finishReason()).isEqualTo("stop");
        assertThat(s.done()).isTrue();
        assertThat(s.dataEvents()).isEqualTo(7);
        assertThat(s.malformed()).isNull();
    }

    @Test
    void completionsTextDeltasAreTokens() {
        OpenAiAdapter adapter = new OpenAiAdapter(base().build(), "/v1/completions", null);
        ResponseState s = new ResponseState();
        event(adapter, s, "{\"choices\":[{\"index\":0,\"text\":\" a\",\"finish_reason\":null}]}", 1);
        event(adapter, s, "{\"choices\":[{\"index\":0,\"text\":\"\"}]}", 2);
        event(adapter, s, "{\"choices\":[{\"index\":0,\"text\":\" b\"}]}", 3);
        assertThat(s.tokenNanos()).containsExactly(1, 3);
        assertThat(s.content()).isEqualTo(" a b");
    }

    @Test
    void errorEventsAndMalformedJsonAreReported() {
        OpenAiAdapter adapter = new OpenAiAdapter(base().build(), CHAT, null);
        ResponseState s = new ResponseState();
        event(adapter, s, "{\"error\":{\"message\":\"out of memory\",\"code\":500}}", 1);
        event(adapter, s, "{not json", 2);
        assertThat(s.bodyError()).isEqualTo("out of memory");
        assertThat(s.malformed()).startsWith("malformed JSON in an event");
        assertThat(s.tokenEvents()).isZero();
    }

    @Test
    void nonStreamBodyGivesTextAndUsage() {
        OpenAiAdapter adapter = new OpenAiAdapter(base().stream(false).build(), CHAT, null);
        ResponseState s = new ResponseState();
        byte[] body = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\","
                + "\"reasoning_content\":\"hmm\"},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}").getBytes(StandardCharsets.UTF_8);
        adapter.onBody(body, body.length, s);
        assertThat(s.content()).isEqualTo("Hello there");
        assertThat(s.reasoning()).isEqualTo("hmm");
        assertThat(s.promptTokens()).isEqualTo(9);
        assertThat(s.completionTokens()).isEqualTo(3);
        assertThat(s.finishReason()).isEqualTo("length");
        assertThat(s.tokenEvents()).isZero();
    }

    @Test
    void errorMessageIsTakenFromOpenAiShapedOrPlainBodies() {
        OpenAiAdapter adapter = new OpenAiAdapter(base().build(), CHAT, null);
        byte[] openAi = "{\"error\":{\"message\":\"model not found\",\"type\":\"NotFound\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] fastApi = "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
        byte[] html = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
        assertThat(adapter.errorMessage(openAi, openAi.length)).isEqualTo("model not found");
        assertThat(adapter.errorMessage(fastApi, fastApi.length)).isEqualTo("\"Not Found\"");
        assertThat(adapter.errorMessage(html, html.length)).isEqualTo("<html>502 Bad Gateway</html>");
    }

    @Test
    void probeBodyAsksForOneToken() throws Exception {
        JsonNode b = JSON.readTree(new OpenAiAdapter(base().build(), CHAT, null).buildProbeBody());
        assertThat(b.get("max_tokens").asInt()).isEqualTo(1);
        assertThat(b.get("model").asText()).isEqualTo("m");
    }

    @Test
    void aNullErrorFieldIsNotAnError() {
        OpenAiAdapter adapter = new OpenAiAdapter(base().build(), CHAT, null);
        ResponseState s = new ResponseState();
        event(adapter, s, "{\"error\": null, \"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}", 1);
        assertThat(s.bodyError()).isNull();
        assertThat(s.tokenEvents()).isEqualTo(1);
        ResponseState body = new ResponseState();
        byte[] b = "{\"error\": null, \"choices\":[{\"message\":{\"content\":\"ok\"}}]}".getBytes(StandardCharsets.UTF_8);
        adapter.onBody(b, b.length, body);
        assertThat(body.bodyError()).isNull();
        assertThat(body.content()).isEqualTo("ok");
    }
}
