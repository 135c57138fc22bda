/**
 * {@code barrage sim}: an LLM server simulator on Netty, used to rehearse
 * benchmarks, embedded by {@code barrage perf} when no {@code --url} is given, and by end-to-end
 * tests that compare Barrage's measurements with the simulator's configured timing.
 *
 * <h2>Role</h2>
 * {@link dev.barrage.sim.SimServer} binds and serves every API {@code barrage perf --api} knows at
 * its usual path ({@link dev.barrage.sim.Route}: OpenAI's chat/completions, completions, Responses,
 * embeddings and rerank, Anthropic's messages, DashScope's native generation), plus
 * {@code /v1/models} and {@code /health}; each API streams in its own
 * {@link dev.barrage.sim.StreamFormat} and answers whole in its own {@link dev.barrage.sim.ReplyBodies}
 * shape, with the same tokens at the same times. Replies follow a
 * continuous-batching model: at most {@code maxBatch} sequences decode at once
 * ({@link dev.barrage.sim.BatchScheduler}); each one's first token comes {@code ttftMs} plus
 * prefill after admission and the following tokens {@code itlMs * (1 + itlGrowth * (decoding - 1))}
 * apart ({@link dev.barrage.sim.TimingModel}, {@link dev.barrage.sim.Sequence}). The full model,
 * the prompt-token approximation and the stream format are in {@code docs/simulator.md}.
 *
 * <h2>Faults</h2>
 * {@link dev.barrage.sim.Fault} ({@code --fault KIND[=VALUE][@WHEN]}) is chosen once per request on
 * arrival by {@link dev.barrage.sim.FaultPicker}; a request no fault hits takes the normal path,
 * so the per-token path only gains a null check. {@link dev.barrage.sim.ServerFreeze} is the
 * whole-server {@code --stall-at}/{@code --stall-for} freeze: every event loop blocks for the
 * given time.
 *
 * <h2>Threads</h2>
 * Everything about one connection — parsing, timers, writes — runs on that channel's Netty event
 * loop ({@code ioThreads} of them, epoll when available for microsecond timers). The only shared
 * mutable state is the batch scheduler (one short lock, taken on admission and release only), the
 * counters (atomics) and the seeded random sequences ({@link java.util.Random}, atomic). A slot
 * freed on one event loop admits a queued sequence whose work then hops to its own event loop.
 * No logging and no JSON library on the per-token path.
 *
 * <h2>Units</h2>
 * Names carry their unit: {@code ttftMs}, {@code itlMs} and {@code prefillUsPerToken} as
 * configured; internally deadlines and delays are {@link java.lang.System#nanoTime()} nanoseconds
 * ({@code deadlineNanos}); {@code created} fields are epoch seconds; lengths are tokens.
 */
package dev.barrage.sim;
