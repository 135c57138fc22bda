package dev.barrage.sim;

/**
 * The fields of a request the simulator honours; everything else in the body is ignored.
 *
 * @param kind         which API was called
 * @param model        the request's {@code model}, echoed in replies; null when absent
 * @param promptTokens approximate prompt size, see {@link PromptTokenCounter}
 * @param maxTokens    the reply cap ({@code max_tokens}, {@code max_completion_tokens},
 *                     {@code max_output_tokens}, DashScope's {@code parameters.max_tokens}), 0 when absent
 * @param minTokens    {@code min_tokens}, 0 when absent
 * @param ignoreEos    {@code ignore_eos}: with {@code max_tokens}, always generate exactly that many
 * @param stream       a streamed reply was asked for
 * @param includeUsage usage in the stream ({@code stream_options.include_usage}; always for the APIs
 *                     whose streams carry usage by design)
 * @param inputs       embeddings: texts to embed; rerank: documents to score; 1 otherwise
 * @param cachedTokens prompt tokens the prefix cache already held ({@code --prefix-cache}); -1 = no cache
 */
record GenerationRequest(ApiKind kind, String model, int promptTokens, int maxTokens, int minTokens,
        boolean ignoreEos, boolean stream, boolean includeUsage, int inputs, int cachedTokens) {

    GenerationRequest(ApiKind kind, String model, int promptTokens, int maxTokens, int minTokens, boolean ignoreEos,
            boolean stream, boolean includeUsage, int inputs) {
        this(kind, model, promptTokens, maxTokens, minTokens, ignoreEos, stream, includeUsage, inputs, -1);
    }

    /** This request, with {@code cached} of its prompt tokens found in the prefix cache. */
    GenerationRequest withCachedTokens(int cached) {
        return new GenerationRequest(kind, model, promptTokens, maxTokens, minTokens, ignoreEos, stream, includeUsage,
                inputs, cached);
    }

    GenerationRequest(ApiKind kind, String model, int promptTokens, int maxTokens, int minTokens, boolean ignoreEos,
            boolean stream, boolean includeUsage) {
        this(kind, model, promptTokens, maxTokens, minTokens, ignoreEos, stream, includeUsage, 1);
    }

    boolean hasMaxTokens() {
        return maxTokens > 0;
    }
}
