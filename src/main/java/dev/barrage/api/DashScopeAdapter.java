package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.dataset.Prompt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --api dashscope}: Alibaba Cloud's native DashScope text-generation API
 * ({@code POST /api/v1/services/aigc/text-generation/generation}), which evalscope lists but cannot
 * send (its plug-in lacks the request builder). The body is
 * {@code {"model", "input": {"messages": [...]}, "parameters": {...}}}: the prompt as chat
 * messages, the sampling settings, {@code --extra-args} and {@code result_format: "message"} in
 * {@code parameters}. Streaming is asked for with the {@code X-DashScope-SSE: enable} header and
 * {@code parameters.incremental_output: true}, so each event carries only the new text
 * ({@link DashScopeEventParser}). The key, when given, is a Bearer token.
 */
public final class DashScopeAdapter extends JsonApiAdapter {
    /** The plug-in registering {@code dashscope}. */
    public static final class Plugin extends NamedApiPlugin {
        public Plugin() {
            super("dashscope", "/api/v1/services/aigc/text-generation/generation", DashScopeAdapter::new);
        }
    }

    public DashScopeAdapter(ApiContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "dashscope";
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        Map<String, String> h = new LinkedHashMap<>(super.headers(apiKey));
        if (streaming()) {
            h.put("X-DashScope-SSE", "enable");
        }
        return h;
    }

    @Override
    protected void putPrompt(ObjectNode body, Prompt prompt) {
        ObjectNode input = object(body, "input");
        ArrayNode messages = messages(prompt);
        input.set("messages", messages);
        object(body, "parameters").put("result_format", "message");
    }

    @Override
    protected ObjectNode settingsTarget(ObjectNode body) {
        return object(body, "parameters");
    }

    @Override
    protected void putMaxTokens(ObjectNode parameters, int maxTokens, boolean overwrite) {
        if (overwrite || !parameters.has("max_tokens")) {
            parameters.put("max_tokens", maxTokens);
        }
    }

    @Override
    protected void applySettings(ObjectNode body, boolean overwrite) {
        super.applySettings(body, overwrite);
        ObjectNode parameters = settingsTarget(body);
        if (args.seed() != null && (overwrite || !parameters.has("seed"))) {
            parameters.put("seed", args.seed());
        }
        if (!args.stop().isEmpty() && (overwrite || !parameters.has("stop"))) {
            ArrayNode stop = parameters.putArray("stop");
            args.stop().forEach(stop::add);
        }
    }

    @Override
    protected void setStreaming(ObjectNode body, boolean stream) {
        ObjectNode parameters = object(body, "parameters");
        if (stream) {
            parameters.put("incremental_output", true);
        } else {
            parameters.remove("incremental_output");
        }
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        DashScopeEventParser.onEvent(data, length, arrivalNanos, state);
    }

    /** A whole reply: {@code output.choices[0].message} (or {@code output.text}) and {@code usage}. */
    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root == null) {
            return;
        }
        if (root.hasNonNull("code") && !root.path("code").asText().isEmpty()) {
            state.setBodyError(root.path("message").asText(root.path("code").asText()));
        }
        JsonNode output = root.path("output");
        JsonNode choice = output.path("choices").path(0);
        JsonNode message = choice.path("message");
        String content = message.isObject() ? ApiBodies.textOrNull(message.get("content"))
                : ApiBodies.textOrNull(output.get("text"));
        state.setText(content, ApiBodies.textOrNull(message.get("reasoning_content")));
        String finish = choice.isObject() ? choice.path("finish_reason").asText(null) : output.path("finish_reason").asText(null);
        if (finish != null && !finish.equals("null")) {
            state.setFinishReason(finish);
        }
        JsonNode usage = root.get("usage");
        if (usage != null && usage.isObject()) {
            state.setUsage(StreamJson.count(usage.path("input_tokens")), StreamJson.count(usage.path("output_tokens")),
                    StreamJson.count(usage.path("prompt_tokens_details").path("cached_tokens")),
                    StreamJson.count(usage.path("output_tokens_details").path("reasoning_tokens")));
        }
    }
}
