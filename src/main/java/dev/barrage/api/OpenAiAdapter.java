package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;

import java.util.Map;

/**
 * OpenAI-compatible {@code /v1/chat/completions} and {@code /v1/completions} (vLLM, SGLang, TGI,
 * llama.cpp, Ollama, hosted APIs). Which of the two is chosen by the URL path.
 *
 * <p>Body precedence, lowest first: Barrage's defaults, then {@code --query-template}, then the
 * flags the user set, then {@code --extra-args}. evalscope lets every CLI value (even an unset
 * default) overwrite the template; Barrage only overwrites with flags that were given. A dataset
 * line that is a full request body keeps its own fields; the CLI fills only what it lacks, except
 * {@code stream} and {@code stream_options}, which the measurement depends on.
 *
 * <p>A token-bearing event is one whose first choice carries non-empty {@code delta.content},
 * {@code delta.reasoning_content}, {@code delta.reasoning} or (completions) {@code text}; the
 * role-only first chunk and the usage-only last chunk are not.
 */
public final class OpenAiAdapter implements ApiAdapter {
    /** The plug-in registering {@code openai}: chat/completions by default, completions by URL. */
    public static final class Plugin implements ApiPlugin {
        @Override
        public String name() {
            return "openai";
        }

        @Override
        public String defaultPath() {
            return "/v1/chat/completions";
        }

        @Override
        public ApiAdapter create(ApiContext context) {
            return new OpenAiAdapter(context);
        }
    }

    private static final ObjectMapper JSON = ApiBodies.JSON;

    private final Arguments args;
    private final ApiContext ctx;
    private final boolean chat;
    private final ObjectNode template;

    /**
     * @param args     the run's arguments
     * @param urlPath  the request path; {@code .../completions} without {@code chat/} selects the
     *                 completions API
     * @param template the parsed {@code --query-template}, or {@code null}
     */
    public OpenAiAdapter(Arguments args, String urlPath, ObjectNode template) {
        this(new ApiContext(args, urlPath, template));
    }

    public OpenAiAdapter(ApiContext ctx) {
        this.ctx = ctx;
        this.args = ctx.args();
        String path = ctx.path().contains("?") ? ctx.path().substring(0, ctx.path().indexOf('?')) : ctx.path();
        this.chat = !(path.endsWith("/completions") && !path.endsWith("/chat/completions"));
        this.template = ctx.queryTemplate();
    }

    /** The request's max_tokens: the flag's value, or a uniform draw from {@code --max-tokens MIN MAX}. */
    private int maxTokens() {
        return ctx.maxTokens();
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public boolean streaming() {
        return args.stream();
    }

    /** True when requests go to chat/completions (messages), false for completions (prompt). */
    public boolean chat() {
        return chat;
    }

    @Override
    public byte[] buildBody(Prompt prompt) {
        ObjectNode body;
        if (prompt.body() != null) {
            body = prompt.body().deepCopy();
            fillGaps(body);
        } else {
            body = template != null ? template.deepCopy() : JSON.createObjectNode();
            putPrompt(body, prompt);
            applySettings(body);
            args.extraArgs().forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
        }
        setStreaming(body);
        return toBytes(body);
    }

    @Override
    public byte[] buildProbeBody() {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", args.model());
        if (chat) {
            body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        } else {
            body.put("prompt", "hello");
        }
        body.put("max_tokens", 1);
        body.put("temperature", 0.0);
        setStreaming(body);
        return toBytes(body);
    }

    private void putPrompt(ObjectNode body, Prompt prompt) {
        if (chat) {
            ArrayNode messages = prompt.messages() != null ? prompt.messages().deepCopy() : JSON.createArrayNode();
            if (prompt.text() != null) {
                messages.addObject().put("role", "user").put("content", prompt.text());
            } else if (prompt.tokenIds() != null) {
                throw new IllegalArgumentException("token-id prompts go to /v1/completions only");
            }
            body.set("messages", messages);
        } else if (prompt.tokenIds() != null) {
            ArrayNode ids = body.putArray("prompt");
            for (int id : prompt.tokenIds()) {
                ids.add(id);
            }
        } else {
            body.put("prompt", prompt.text() != null ? prompt.text() : joinContents(prompt.messages()));
        }
    }

    /** Flags the user set win over the template; defaults only fill what the template lacks. */
    private void applySettings(ObjectNode body) {
        body.put("model", args.model());
        if (args.maxTokens() != null || !body.has("max_tokens")) {
            body.put("max_tokens", maxTokens());
        }
        if (args.temperature() != null || !body.has("temperature")) {
            body.put("temperature", args.effectiveTemperature());
        }
        putOptional(body, true);
    }

    /** For full-body dataset lines: the line's own fields stay; the CLI fills gaps. */
    private void fillGaps(ObjectNode body) {
        if (!body.has("model")) {
            body.put("model", args.model());
        }
        if (!body.has("max_tokens") && !body.has("max_completion_tokens")) {
            body.put("max_tokens", maxTokens());
        }
        if (!body.has("temperature")) {
            body.put("temperature", args.effectiveTemperature());
        }
        putOptional(body, false);
        for (Map.Entry<String, Object> e : args.extraArgs().entrySet()) {
            if (!body.has(e.getKey())) {
                body.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
        }
    }

    private void putOptional(ObjectNode body, boolean overwrite) {
        if (args.minTokens() != null && (overwrite || !body.has("min_tokens"))) {
            body.put("min_tokens", args.minTokens());
        }
        if (args.topP() != null && (overwrite || !body.has("top_p"))) {
            body.put("top_p", args.topP());
        }
        if (args.topK() != null && (overwrite || !body.has("top_k"))) {
            body.put("top_k", args.topK());
        }
        if (!args.stop().isEmpty() && (overwrite || !body.has("stop"))) {
            ArrayNode stop = body.putArray("stop");
            args.stop().forEach(stop::add);
        }
        if (args.seed() != null && (overwrite || !body.has("seed"))) {
            body.put("seed", args.seed());
        }
        if (args.frequencyPenalty() != null && (overwrite || !body.has("frequency_penalty"))) {
            body.put("frequency_penalty", args.frequencyPenalty());
        }
        if (args.repetitionPenalty() != null && (overwrite || !body.has("repetition_penalty"))) {
            body.put("repetition_penalty", args.repetitionPenalty());
        }
        if (args.logprobs() && (overwrite || !body.has("logprobs"))) {
            body.put("logprobs", true);
        }
        if (args.nChoices() != null && (overwrite || !body.has("n"))) {
            body.put("n", args.nChoices());
        }
        if (!args.stopTokenIds().isEmpty() && (overwrite || !body.has("stop_token_ids"))) {
            ArrayNode ids = body.putArray("stop_token_ids");
            args.stopTokenIds().forEach(ids::add);
        }
    }

    private void setStreaming(ObjectNode body) {
        body.put("stream", args.stream());
        if (args.stream()) {
            ObjectNode options = body.has("stream_options") && body.get("stream_options").isObject()
                    ? (ObjectNode) body.get("stream_options") : body.putObject("stream_options");
            options.put("include_usage", true);
        } else {
            body.remove("stream_options");
        }
    }

    private static String joinContents(ArrayNode messages) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode m : messages) {
            JsonNode c = m.get("content");
            if (c != null && c.isTextual()) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(c.asText());
            }
        }
        return sb.toString();
    }

    private static byte[] toBytes(ObjectNode body) {
        return ApiBodies.toBytes(body);
    }

    // ---- responses ----

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        OpenAiEventParser.onEvent(data, length, arrivalNanos, state);
    }

    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root == null) {
            return;
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        String content = message.isObject() ? ApiBodies.textOrNull(message.get("content")) : ApiBodies.textOrNull(choice.get("text"));
        String reasoning = ApiBodies.textOrNull(message.get("reasoning_content"));
        if (reasoning == null) {
            reasoning = ApiBodies.textOrNull(message.get("reasoning"));
        }
        state.setText(content, reasoning);
        if (choice.hasNonNull("finish_reason")) {
            state.setFinishReason(choice.get("finish_reason").asText());
        }
        if (root.path("id").isTextual()) {
            state.setResponseId(root.get("id").asText());
        }
        JsonNode usage = root.get("usage");
        if (usage != null && usage.isObject()) {
            state.setUsage(StreamJson.count(usage.path("prompt_tokens")), StreamJson.count(usage.path("completion_tokens")),
                    StreamJson.count(usage.path("prompt_tokens_details").path("cached_tokens")),
                    StreamJson.count(usage.path("completion_tokens_details").path("reasoning_tokens")));
        }
    }

    @Override
    public String errorMessage(byte[] body, int length) {
        return ApiBodies.errorMessage(body, length);
    }
}
