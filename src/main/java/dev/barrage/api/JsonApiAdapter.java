package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;

/**
 * The request side shared by JSON APIs: a body starts from {@code --query-template} (or is the
 * dataset's own full body, whose fields are kept), the prompt goes where the API wants it, the
 * sampling flags the user set are applied under the API's names, {@code --extra-args} are merged,
 * and streaming is switched on or off. Subclasses say where each thing goes.
 *
 * <p>Precedence, lowest first (as {@link OpenAiAdapter}): the template, Barrage's defaults (which
 * never overwrite a template field), the flags the user set, {@code --extra-args}. A dataset line
 * that is a whole body keeps its fields; only what it lacks is filled in.
 */
public abstract class JsonApiAdapter implements ApiAdapter {
    protected final ApiContext ctx;
    protected final Arguments args;

    protected JsonApiAdapter(ApiContext ctx) {
        this.ctx = ctx;
        this.args = ctx.args();
    }

    @Override
    public boolean streaming() {
        return args.stream();
    }

    @Override
    public byte[] buildBody(Prompt prompt) {
        ObjectNode body;
        if (prompt.body() != null) {
            body = prompt.body().deepCopy();
            if (!body.has("model") && sendsModel()) {
                body.put("model", args.model());
            }
            applySettings(body, false);
            ApiBodies.putAll(extraArgsTarget(body), args.extraArgs(), false);
        } else {
            body = ctx.queryTemplate() != null ? ctx.queryTemplate().deepCopy() : ApiBodies.JSON.createObjectNode();
            if (sendsModel()) {
                body.put("model", args.model());
            }
            putPrompt(body, prompt);
            applySettings(body, true);
            ApiBodies.putAll(extraArgsTarget(body), args.extraArgs(), true);
        }
        setStreaming(body, args.stream());
        return ApiBodies.toBytes(body);
    }

    /** A one-token request saying "hello", for the connection test. */
    @Override
    public byte[] buildProbeBody() {
        ObjectNode body = ApiBodies.JSON.createObjectNode();
        if (sendsModel()) {
            body.put("model", args.model());
        }
        putPrompt(body, Prompt.ofText("hello"));
        putMaxTokens(body, 1, true);
        setStreaming(body, args.stream());
        return ApiBodies.toBytes(body);
    }

    @Override
    public String errorMessage(byte[] body, int length) {
        return ApiBodies.errorMessage(body, length);
    }

    /**
     * Whether the body names the model: native serving APIs that serve one model (SGLang's
     * {@code /generate}, Triton's) reject fields they do not know.
     */
    protected boolean sendsModel() {
        return true;
    }

    /** Puts the prompt (text or chat messages) where this API expects it. */
    protected abstract void putPrompt(ObjectNode body, Prompt prompt);

    /** Sets the reply-length cap under this API's name; with {@code overwrite} false only when absent. */
    protected abstract void putMaxTokens(ObjectNode body, int maxTokens, boolean overwrite);

    /** Asks for a streamed reply or a whole one. */
    protected abstract void setStreaming(ObjectNode body, boolean stream);

    /**
     * Applies {@code --max-tokens} and the sampling flags. With {@code overwrite} (a body built
     * from a prompt) flags the user gave replace template fields and defaults only fill gaps; without
     * it (a dataset's full body) nothing present is replaced. The default handles
     * {@code max_tokens}-style caps, {@code temperature}, {@code top_p}, {@code top_k}; subclasses
     * add or rename.
     */
    protected void applySettings(ObjectNode body, boolean overwrite) {
        ObjectNode target = settingsTarget(body);
        putMaxTokens(target, ctx.maxTokens(), overwrite && args.maxTokens() != null);
        if (overwrite && args.temperature() != null || !target.has("temperature")) {
            target.put("temperature", args.effectiveTemperature());
        }
        if (args.topP() != null && (overwrite || !target.has("top_p"))) {
            target.put("top_p", args.topP());
        }
        if (args.topK() != null && (overwrite || !target.has("top_k"))) {
            target.put("top_k", args.topK());
        }
    }

    /** The object sampling settings go in: the body itself, or e.g. DashScope's {@code parameters}. */
    protected ObjectNode settingsTarget(ObjectNode body) {
        return body;
    }

    /** The object {@code --extra-args} are merged into. */
    protected ObjectNode extraArgsTarget(ObjectNode body) {
        return settingsTarget(body);
    }

    /** The prompt as a chat messages array (a copy): text becomes one user message. */
    protected static ArrayNode messages(Prompt prompt) {
        if (prompt.messages() != null) {
            return prompt.messages().deepCopy();
        }
        if (prompt.text() == null) {
            throw new IllegalArgumentException("token-id prompts go to OpenAI's /v1/completions only");
        }
        ArrayNode messages = ApiBodies.JSON.createArrayNode();
        messages.addObject().put("role", "user").put("content", prompt.text());
        return messages;
    }

    /**
     * The prompt as one string, for native APIs that take raw text: a chat prompt's message
     * contents, one per line (no chat template is applied: these APIs see exactly this text).
     */
    protected static String plainText(Prompt prompt) {
        if (prompt.text() != null) {
            return prompt.text();
        }
        StringBuilder text = new StringBuilder();
        prompt.messages().forEach(m -> {
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                text.append(content.asText());
            } else {
                content.forEach(part -> text.append(part.path("text").asText("")));
            }
            text.append('\n');
        });
        return text.toString();
    }

    /** The object at {@code field} of {@code body}, created when absent or not an object. */
    protected static ObjectNode object(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        return node instanceof ObjectNode o ? o : body.putObject(field);
    }
}
