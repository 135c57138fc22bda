package dev.barrage.sim;

/** The two OpenAI generation endpoints the simulator serves. */
enum ApiKind {
    /** {@code /v1/chat/completions}: {@code messages} in, {@code delta} chunks out. */
    CHAT,
    /** {@code /v1/completions}: {@code prompt} in, {@code text} chunks out. */
    COMPLETIONS
}
