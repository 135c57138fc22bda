package dev.barrage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;


/**
 * A minimal adapter for {@code --api openai_embedding} ({@code /v1/embeddings}, body
 * {@code {model, input}}) and {@code openai_rerank} ({@code /v1/rerank}, body
 * {@code {model, query, documents}}), enough to run the embedding and rerank datasets end to end.
 * The dataset builds the body; this adds {@code model} and nothing else, so dataset settings never
 * reach the server. Replies are not streamed; the input count comes from {@code usage}.
 * (The full adapters, with evalscope's headers-only latency option, belong to the API issue.)
 */
public final class EmbeddingAdapter implements ApiAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Arguments args;
    private final boolean rerank;
    private final OpenAiAdapter errors;

    public EmbeddingAdapter(Arguments args, String urlPath) {
        this.args = args;
        this.rerank = args.api().equals("openai_rerank");
        this.errors = new OpenAiAdapter(args, urlPath, null);
    }

    @Override
    public String name() {
        return args.api();
    }

    @Override
    public byte[] buildBody(Prompt prompt) {
        ObjectNode body = prompt.body() != null ? prompt.body().deepCopy() : JSON.createObjectNode();
        if (prompt.text() != null) {
            body.put(rerank ? "query" : "input", prompt.text());
        }
        body.put("model", args.model());
        return toBytes(body);
    }

    @Override
    public byte[] buildProbeBody() {
        ObjectNode body = JSON.createObjectNode().put("model", args.model());
        if (rerank) {
            body.put("query", "hello").putArray("documents").add("hello");
        } else {
            body.put("input", "hello");
        }
        return toBytes(body);
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.setMalformed("an embedding or rerank server should not stream");
    }

    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = OpenAiAdapter.parseBody(body, length, state);
        if (root == null) {
            return;
        }
        JsonNode usage = root.get("usage");
        if (usage != null && usage.isObject()) {
            int prompt = usage.path("prompt_tokens").asInt(usage.path("total_tokens").asInt(-1));
            state.setUsage(prompt, -1, -1, -1);
        }
    }

    @Override
    public String errorMessage(byte[] body, int length) {
        return errors.errorMessage(body, length);
    }

    private static byte[] toBytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }
}
