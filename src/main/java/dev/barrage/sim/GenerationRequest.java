package dev.barrage.sim;

/**
 * The fields of a generation request the simulator honours; everything else in the body is
 * ignored.
 *
 * @param kind         which endpoint was called
 * @param model        the request's {@code model}, echoed in replies; null when absent
 * @param promptTokens approximate prompt size, see {@link PromptTokenCounter}
 * @param maxTokens    {@code max_tokens} (or {@code max_completion_tokens}), 0 when absent
 * @param minTokens    {@code min_tokens}, 0 when absent
 * @param ignoreEos    {@code ignore_eos}: with {@code max_tokens}, always generate exactly that many
 * @param stream       {@code stream}
 * @param includeUsage {@code stream_options.include_usage}
 */
record GenerationRequest(ApiKind kind, String model, int promptTokens, int maxTokens, int minTokens,
        boolean ignoreEos, boolean stream, boolean includeUsage) {

    boolean hasMaxTokens() {
        return maxTokens > 0;
    }
}
