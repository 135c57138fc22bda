package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.dataset.Prompt;

/**
 * {@code --api openai_responses}: OpenAI's Responses API ({@code POST /v1/responses}), as served
 * by OpenAI, vLLM and SGLang. The body carries {@code input} (the prompt text, or the chat
 * messages with content parts renamed to {@code input_text}/{@code input_image}) and
 * {@code max_output_tokens}. The stream is typed events ({@link ResponsesEventParser}): text and
 * reasoning deltas are the token events, usage comes with {@code response.completed}, and
 * {@code response.failed} or an {@code error} event fails the request. There is no {@code [DONE]}.
 */
public final class ResponsesAdapter extends JsonApiAdapter {

    /** The plug-in registering {@code openai_responses}. */
    public static final class Plugin implements ApiPlugin {
        @Override
        public String name() {
            return "openai_responses";
        }

        @Override
        public String defaultPath() {
            return "/v1/responses";
        }

        /** evalscope sends this API to {@code /responses} even when given a chat/completions URL; so does Barrage. */
        @Override
        public String resolveUrl(String url) {
            return ApiUrls.withDefaultPath(url.replaceFirst("/(chat/)?completions(?=$|\\?)", "/responses"),
                    defaultPath());
        }

        @Override
        public ApiAdapter create(ApiContext context) {
            return new ResponsesAdapter(context);
        }
    }

    public ResponsesAdapter(ApiContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "openai_responses";
    }

    @Override
    protected void putPrompt(ObjectNode body, Prompt prompt) {
        if (prompt.text() != null) {
            body.put("input", prompt.text());
            return;
        }
        ArrayNode input = messages(prompt);
        for (JsonNode message : input) {
            if (message.get("content") instanceof ArrayNode parts) {
                parts.forEach(ResponsesAdapter::renamePart);
            }
        }
        body.set("input", input);
    }

    /** Chat content parts in the Responses API's names: text → input_text, image_url → input_image. */
    private static void renamePart(JsonNode part) {
        if (!(part instanceof ObjectNode p)) {
            return;
        }
        String type = p.path("type").asText();
        if (type.equals("text")) {
            p.put("type", "input_text");
        } else if (type.equals("image_url")) {
            JsonNode url = p.path("image_url");
            p.put("type", "input_image");
            p.put("image_url", url.isObject() ? url.path("url").asText() : url.asText());
        }
    }

    @Override
    protected void putMaxTokens(ObjectNode body, int maxTokens, boolean overwrite) {
        if (overwrite || !body.has("max_output_tokens")) {
            body.put("max_output_tokens", maxTokens);
        }
    }

    @Override
    protected void setStreaming(ObjectNode body, boolean stream) {
        body.put("stream", stream);
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        ResponsesEventParser.onEvent(data, length, arrivalNanos, state);
    }

    /** A whole {@code response} object: its output items' text and reasoning, and its usage. */
    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root == null) {
            return;
        }
        if ("failed".equals(root.path("status").asText())) {
            state.setBodyError(root.path("error").path("message").asText("the response failed"));
        }
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        for (JsonNode item : root.path("output")) {
            boolean isReasoning = "reasoning".equals(item.path("type").asText());
            for (String list : new String[] {"content", "summary"}) {
                for (JsonNode part : item.path(list)) {
                    String text = ApiBodies.textOrNull(part.get("text"));
                    if (text != null) {
                        (isReasoning ? reasoning : content).append(text);
                    }
                }
            }
        }
        state.setText(content.toString(), reasoning.toString());
        JsonNode usage = root.get("usage");
        if (usage != null && usage.isObject()) {
            state.setUsage(StreamJson.count(usage.path("input_tokens")), StreamJson.count(usage.path("output_tokens")),
                    StreamJson.count(usage.path("input_tokens_details").path("cached_tokens")),
                    StreamJson.count(usage.path("output_tokens_details").path("reasoning_tokens")));
        }
    }
}
