/**
 * Prompt sources: the built-in prompts, {@code --prompt}, and the {@link dev.barrage.dataset.DatasetPlugin}s
 * found by {@link java.util.ServiceLoader} — {@code random} and {@code random_vl} (exact lengths as
 * the server counts them), {@code openqa}, {@code longalpaca}, {@code line_by_line}, {@code custom},
 * {@code share_gpt}, {@code speed_benchmark}, the embedding and rerank sets, {@code flickr8k} and
 * {@code kontext_bench}, the conversation sets ({@code *_multi_turn}, {@code swe_smith},
 * {@code trie_*}; see {@link dev.barrage.dataset.Conversations}), {@code workload_trace} and
 * {@code mooncake_trace} (prompts plus a {@link dev.barrage.dataset.Trace} of send times, headers
 * and ids), and users' own.
 *
 * <p>Threads: loaded completely on the main thread before the first request (generation and
 * length measurement fan out to every core), so any problem is reported (exit code 2) before
 * anything is sent; immutable afterwards ({@link dev.barrage.dataset.OnDemandPrompts} make a
 * large trace's prompts when sent, as pure functions of their index). Units: prompt lengths in tokens with a tokenizer, else
 * characters.
 */
package dev.barrage.dataset;
