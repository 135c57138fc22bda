package dev.barrage.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Prompt;

/**
 * {@code --api openai_embedding} ({@code POST /v1/embeddings}, body {@code {model, input}}) and
 * {@code --api openai_rerank} ({@code POST /v1/rerank}, body {@code {model, query, documents}}),
 * as vLLM, SGLang, TEI and hosted APIs serve them. The embedding and rerank datasets build the
 * body; this adds {@code model} and nothing else, so dataset settings ({@code batch_size},
 * {@code num_documents}) never reach the server. Replies are not streamed.
 *
 * <p>A request's latency ends when the whole body has arrived, as for every API. (evalscope's
 * embedding and rerank plug-ins stop the clock at the response headers, before the body — whose
 * size grows with the batch and the embedding dimension — has been sent: that measures the
 * server's first byte, not the time a caller waits for its vectors.) The input count comes from
 * {@code usage.prompt_tokens}, or {@code usage.total_tokens} when only that is sent (rerank servers).
 */
public final class EmbeddingAdapter implements ApiAdapter {
    /** The plug-in registering {@code openai_embedding}. */
    public static final class EmbeddingPlugin implements ApiPlugin {
        @Override
        public String name() {
            return "openai_embedding";
        }

        @Override
        public String defaultPath() {
            return "/v1/embeddings";
        }

        @Override
        public ApiAdapter create(ApiContext context) {
            return new EmbeddingAdapter(context.args(), false);
        }
    }

    /** The plug-in registering {@code openai_rerank}. */
    public static final class RerankPlugin implements ApiPlugin {
        @Override
        public String name() {
            return "openai_rerank";
        }

        @Override
        public String defaultPath() {
            return "/v1/rerank";
        }

        @Override
        public ApiAdapter create(ApiContext context) {
            return new EmbeddingAdapter(context.args(), true);
        }
    }

    private final Arguments args;
    private final boolean rerank;

    /** @param rerank {@code openai_rerank} rather than {@code openai_embedding} */
    public EmbeddingAdapter(Arguments args, boolean rerank) {
        this.args = args;
        this.rerank = rerank;
    }

    @Override
    public String name() {
        return rerank ? "openai_rerank" : "openai_embedding";
    }

    @Override
    public byte[] buildBody(Prompt prompt) {
        ObjectNode body = prompt.body() != null ? prompt.body().deepCopy() : ApiBodies.JSON.createObjectNode();
        if (prompt.text() != null) {
            body.put(rerank ? "query" : "input", prompt.text());
        }
        body.put("model", args.model());
        return ApiBodies.toBytes(body);
    }

    @Override
    public byte[] buildProbeBody() {
        ObjectNode body = ApiBodies.JSON.createObjectNode().put("model", args.model());
        if (rerank) {
            body.put("query", "hello").putArray("documents").add("hello");
        } else {
            body.put("input", "hello");
        }
        return ApiBodies.toBytes(body);
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public boolean repliesWithText() {
        return false;
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.setMalformed("an embedding or rerank server should not stream");
    }

    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root == null) {
            return;
        }
        JsonNode usage = root.get("usage");
        if (usage != null && usage.isObject()) {
            int prompt = StreamJson.count(usage.has("prompt_tokens") ? usage.get("prompt_tokens")
                    : usage.get("total_tokens"));
            state.setUsage(prompt, -1, -1, -1);
        }
    }

    @Override
    public String errorMessage(byte[] body, int length) {
        return ApiBodies.errorMessage(body, length);
    }
}
