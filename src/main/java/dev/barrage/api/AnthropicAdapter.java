package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.dataset.Prompt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --api anthropic}: Anthropic's Messages API ({@code POST /v1/messages}). The key travels
 * as {@code x-api-key} (only when {@code --api-key} is given) with {@code anthropic-version:
 * 2023-06-01}. System messages move to the top-level {@code system} field (the API takes only user
 * and assistant turns), image parts become base64 {@code image} blocks, {@code --stop} becomes
 * {@code stop_sequences}; {@code max_tokens} is required by the API and always sent. The stream
 * is parsed by {@link AnthropicEventParser}: text and thinking deltas are the token events, usage
 * comes from {@code message_start} and {@code message_delta}.
 */
public final class AnthropicAdapter extends JsonApiAdapter {
    /** The API version sent with every request (the Messages API's current one). */
    public static final String VERSION = "2023-06-01";

    /** The plug-in registering {@code anthropic}. */
    public static final class Plugin extends NamedApiPlugin {
        public Plugin() {
            super("anthropic", "/v1/messages", AnthropicAdapter::new);
        }
    }

    public AnthropicAdapter(ApiContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("anthropic-version", VERSION);
        if (apiKey != null) {
            h.put("x-api-key", apiKey);
        }
        return h;
    }

    @Override
    protected void putPrompt(ObjectNode body, Prompt prompt) {
        ArrayNode messages = ApiBodies.JSON.createArrayNode();
        StringBuilder system = new StringBuilder();
        for (JsonNode m : messages(prompt)) {
            if ("system".equals(m.path("role").asText()) || "developer".equals(m.path("role").asText())) {
                system.append(system.length() > 0 ? "\n" : "").append(m.path("content").asText());
            } else {
                ObjectNode copy = (ObjectNode) m;
                if (copy.get("content") instanceof ArrayNode parts) {
                    parts.forEach(AnthropicAdapter::convertPart);
                }
                messages.add(copy);
            }
        }
        if (system.length() > 0 && !body.has("system")) {
            body.put("system", system.toString());
        }
        body.set("messages", messages);
    }

    /** An OpenAI image part (a base64 data URL) as an Anthropic image block. */
    private static void convertPart(JsonNode part) {
        if (!(part instanceof ObjectNode p) || !"image_url".equals(p.path("type").asText())) {
            return;
        }
        JsonNode urlNode = p.path("image_url");
        String url = urlNode.isObject() ? urlNode.path("url").asText() : urlNode.asText();
        p.removeAll();
        p.put("type", "image");
        ObjectNode source = p.putObject("source");
        int comma = url.indexOf(',');
        if (url.startsWith("data:") && comma > 0) {
            source.put("type", "base64");
            source.put("media_type", url.substring(5, url.indexOf(';') > 0 ? url.indexOf(';') : comma));
            source.put("data", url.substring(comma + 1));
        } else {
            source.put("type", "url");
            source.put("url", url);
        }
    }

    @Override
    protected void putMaxTokens(ObjectNode body, int maxTokens, boolean overwrite) {
        if (overwrite || !body.has("max_tokens")) {
            body.put("max_tokens", maxTokens);
        }
    }

    @Override
    protected void applySettings(ObjectNode body, boolean overwrite) {
        super.applySettings(body, overwrite);
        if (!args.stop().isEmpty() && (overwrite || !body.has("stop_sequences"))) {
            ArrayNode stop = body.putArray("stop_sequences");
            args.stop().forEach(stop::add);
        }
    }

    @Override
    protected void setStreaming(ObjectNode body, boolean stream) {
        body.put("stream", stream);
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        AnthropicEventParser.onEvent(data, length, arrivalNanos, state);
    }

    /** A whole message: its text and thinking blocks, stop reason and usage. */
    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root == null) {
            return;
        }
        StringBuilder content = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        for (JsonNode block : root.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> content.append(block.path("text").asText());
                case "thinking" -> thinking.append(block.path("thinking").asText());
                default -> {
                    // tool use and redacted thinking carry no text to count
                }
            }
        }
        state.setText(content.toString(), thinking.toString());
        if (root.hasNonNull("stop_reason")) {
            state.setFinishReason(root.get("stop_reason").asText());
        }
        JsonNode usage = root.get("usage");
        if (usage != null && usage.isObject()) {
            AnthropicEventParser.Usage u = new AnthropicEventParser.Usage();
            u.input = StreamJson.count(usage.path("input_tokens"));
            u.output = StreamJson.count(usage.path("output_tokens"));
            u.cacheCreation = StreamJson.count(usage.path("cache_creation_input_tokens"));
            u.cacheRead = StreamJson.count(usage.path("cache_read_input_tokens"));
            u.applyTo(state);
        }
    }
}
