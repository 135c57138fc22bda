package dev.barrage.sim;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The request APIs the simulator serves, each at its usual path, named as {@code --api} names them
 * in {@code barrage perf} (and in {@code barrage sim --api}).
 */
enum ApiKind {
    /** {@code /v1/chat/completions}: {@code messages} in, {@code delta} chunks out. */
    CHAT("openai", "/v1/chat/completions", "chatcmpl-"),
    /** {@code /v1/completions}: {@code prompt} in, {@code text} chunks out. */
    COMPLETIONS("openai", "/v1/completions", "cmpl-"),
    /** {@code /v1/responses}: {@code input} in, typed {@code response.*} events out. */
    RESPONSES("openai_responses", "/v1/responses", "resp_"),
    /** {@code /v1/messages}: Anthropic's Messages API. */
    ANTHROPIC("anthropic", "/v1/messages", "msg_"),
    /** DashScope's native text generation: {@code input.messages} in, {@code event:result} frames out. */
    DASHSCOPE("dashscope", "/api/v1/services/aigc/text-generation/generation", "ds-"),
    /** SGLang's native {@code /generate}: {@code text} in, events with the whole text so far out. */
    SGLANG("sglang", "/generate", "sgl-"),
    /** Triton's generate extension for TensorRT-LLM ({@code /v2/models/<model>/generate_stream}): {@code text_output} deltas. */
    TRTLLM("trtllm", "/v2/models/ensemble/generate_stream", "trt-"),
    /** {@code /v1/embeddings}: one vector per input, never streamed. */
    EMBEDDINGS("openai_embedding", "/v1/embeddings", "embd-"),
    /** {@code /v1/rerank}: one relevance score per document, never streamed. */
    RERANK("openai_rerank", "/v1/rerank", "rerank-");

    private final String apiName;
    private final String path;
    private final String idPrefix;

    ApiKind(String apiName, String path, String idPrefix) {
        this.apiName = apiName;
        this.path = path;
        this.idPrefix = idPrefix;
    }

    /** The {@code --api} name this kind answers to. */
    String apiName() {
        return apiName;
    }

    String path() {
        return path;
    }

    String idPrefix() {
        return idPrefix;
    }

    /** False for embeddings and rerank: one answer after the prefill, no tokens. */
    boolean generates() {
        return this != EMBEDDINGS && this != RERANK;
    }

    /** Every {@code --api} name the simulator speaks, in a stable order. */
    static Set<String> apiNames() {
        Set<String> names = new LinkedHashSet<>();
        for (ApiKind kind : values()) {
            names.add(kind.apiName);
        }
        return names;
    }

    /** True when {@code name} (case-insensitive) is an API the simulator speaks. */
    static boolean isApiName(String name) {
        return apiNames().contains(name.toLowerCase(Locale.ROOT));
    }
}
