/**
 * Client-side tokenizers ({@code --tokenizer-path}): HuggingFace {@code tokenizer.json} through
 * DJL's native binding, OpenAI encodings through jtokkit, hub downloads into a cache, and chat
 * templates rendered with Jinjava as {@code transformers.apply_chat_template} does.
 *
 * <p>Threads: loaded on the main thread before a run; afterwards thread-safe and used by the
 * dataset generators (all cores), the collector (client token counts) and the simulator's
 * prompt counting. Never on the client's I/O threads. Units: token counts (ints).
 */
package dev.barrage.tokenizer;
