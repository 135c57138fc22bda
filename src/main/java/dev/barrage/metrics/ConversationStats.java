package dev.barrage.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-turn and per-conversation metrics of a {@code --multi-turn} run, fed with every measured
 * turn (successful or not). Definitions in {@code docs/metrics.md} ("Multi-turn conversations").
 *
 * <p>Cache hits are the server's own {@code cached_tokens} only. The share of each prompt that
 * an ideal prefix cache could serve (the previous turn's prompt and reply, which the new prompt
 * repeats) is reported beside it under a name that says it is an estimate; it never stands in
 * for the server's figure. Not thread-safe: the collector thread owns it.
 */
public final class ConversationStats {
    private static final double NANOS_PER_MS = 1e6;
    private static final double NANOS_PER_S = 1e9;

    private final Map<Long, Conversation> conversations = new HashMap<>();
    private int turns;
    private int sentTurns;
    private long sumTurnNumbers;
    private final DoubleList firstTurnTtftMs = new DoubleList();
    private final DoubleList laterTurnTtftMs = new DoubleList();
    /** TTFT samples by turn number: how prefix caching and growing histories change TTFT turn after turn. */
    private final Map<Integer, DoubleList> ttftByTurnMs = new java.util.TreeMap<>();
    private long promptTokens;
    private long cachedTokens;
    private long promptTokensWithCacheFigure;
    private int turnsWithCacheFigure;
    private long reusablePrefixTokens;
    private long laterTurnPromptTokens;
    private int firstTurns;
    private long minFirstSend = Long.MAX_VALUE;
    private long maxFirstSend = Long.MIN_VALUE;

    /** What one conversation's successful turns add up to. */
    private static final class Conversation {
        int turns;
        long firstSendNanos = Long.MAX_VALUE;
        long lastEndNanos;
        double firstTurnTtftMs = Double.NaN;
        int lastTurn;
        long lastTurnFirstTokenNanos;
        double decodeTpsSum;
        int decodeTpsCount;
        long prompt;
        long cached;
        boolean cacheFigure;
        int prevPrompt = -1;
        int prevCompletion = -1;
    }

    /** Folds in one measured request that belongs to a conversation. */
    public void add(RequestRecord r) {
        RequestRecord.Turn t = r.turn();
        if (t == null || r.interrupted()) {
            return;
        }
        Conversation c = conversations.computeIfAbsent(t.conversation(), k -> new Conversation());
        sentTurns++;
        if (t.number() == 1) {
            firstTurns++;
            minFirstSend = Math.min(minFirstSend, r.sendNanos());
            maxFirstSend = Math.max(maxFirstSend, r.sendNanos());
        }
        if (!r.success()) {
            return;
        }
        turns++;
        sumTurnNumbers += t.number();
        long ttftNanos = r.ttftNanos() >= 0 ? r.ttftNanos() : r.latencyNanos();
        (t.number() == 1 ? firstTurnTtftMs : laterTurnTtftMs).add(ttftNanos / NANOS_PER_MS);
        ttftByTurnMs.computeIfAbsent(t.number(), k -> new DoubleList()).add(ttftNanos / NANOS_PER_MS);
        c.turns++;
        c.firstSendNanos = Math.min(c.firstSendNanos, r.sendNanos());
        c.lastEndNanos = Math.max(c.lastEndNanos, r.endNanos());
        if (t.number() == 1) {
            c.firstTurnTtftMs = ttftNanos / NANOS_PER_MS;
        }
        if (t.number() >= c.lastTurn) {
            c.lastTurn = t.number();
            c.lastTurnFirstTokenNanos = r.sendNanos() + ttftNanos;
        }
        double tpot = r.tpotNanos();
        if (!Double.isNaN(tpot) && tpot > 0) {
            c.decodeTpsSum += NANOS_PER_S / tpot;
            c.decodeTpsCount++;
        }
        if (r.promptTokens() > 0) {
            promptTokens += r.promptTokens();
            c.prompt += r.promptTokens();
            if (r.cachedTokens() >= 0) {
                cachedTokens += r.cachedTokens();
                promptTokensWithCacheFigure += r.promptTokens();
                turnsWithCacheFigure++;
                c.cached += r.cachedTokens();
                c.cacheFigure = true;
            }
            if (t.number() > 1 && c.prevPrompt >= 0 && c.prevCompletion >= 0) {
                reusablePrefixTokens += Math.min(r.promptTokens(), c.prevPrompt + c.prevCompletion);
                laterTurnPromptTokens += r.promptTokens();
            }
        }
        c.prevPrompt = r.promptTokens();
        c.prevCompletion = r.completionTokens();
    }

    /** Whether any request of the run belonged to a conversation. */
    public boolean any() {
        return !conversations.isEmpty();
    }

    /** The run-level figures added to {@code benchmark_summary.json}. */
    public Summary summary() {
        if (!any()) {
            return null;
        }
        return new Summary(conversations.size(), sentTurns, (double) sentTurns / conversations.size(),
                turns == 0 ? -1 : (double) sumTurnNumbers / turns, mean(firstTurnTtftMs), mean(laterTurnTtftMs),
                promptTokensWithCacheFigure == 0 ? null : 100.0 * cachedTokens / promptTokensWithCacheFigure,
                turnsWithCacheFigure, turns,
                laterTurnPromptTokens == 0 ? null : 100.0 * reusablePrefixTokens / laterTurnPromptTokens,
                firstTurns > 1 && maxFirstSend > minFirstSend ? (firstTurns - 1) * NANOS_PER_S / (maxFirstSend - minFirstSend)
                        : -1);
    }

    /**
     * evalscope's {@code trace_summary.json} shape: one row per conversation-level metric, with
     * mean, min, p50, p90, p95, p99 and max over the conversations that had a successful turn.
     */
    public Map<String, Object> traceSummary() {
        List<Conversation> done = new ArrayList<>();
        for (Conversation c : conversations.values()) {
            if (c.turns > 0) {
                done.add(c);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("Latency (s)", done, c -> (c.lastEndNanos - c.firstSendNanos) / NANOS_PER_S));
        rows.add(row("Turns", done, c -> c.turns));
        rows.add(row("First-Turn TTFT (ms)", done, c -> c.firstTurnTtftMs));
        rows.add(row("TTFAT (s)", done, c -> (c.lastTurnFirstTokenNanos - c.firstSendNanos) / NANOS_PER_S));
        rows.add(row("Decode (tok/s)", done, c -> c.decodeTpsCount == 0 ? Double.NaN : c.decodeTpsSum / c.decodeTpsCount));
        rows.add(row("Cache Hit Rate (%)", done, c -> c.cacheFigure && c.prompt > 0 ? 100.0 * c.cached / c.prompt
                : Double.NaN));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_traces", done.size());
        m.put("rows", rows);
        m.put("ttft_by_turn", ttftByTurn());
        return m;
    }

    /** Barrage's addition to trace_summary.json: TTFT (ms) of the successful turns, by turn number. */
    private List<Map<String, Object>> ttftByTurn() {
        List<Map<String, Object>> rows = new ArrayList<>();
        ttftByTurnMs.forEach((turn, samples) -> {
            double[] sorted = samples.sorted();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("turn", turn);
            row.put("count", sorted.length);
            row.put("mean", Rounding.round4(mean(samples)));
            row.put("p50", Rounding.round4(Percentiles.of(sorted, 50)));
            row.put("p90", Rounding.round4(Percentiles.of(sorted, 90)));
            rows.add(row);
        });
        return rows;
    }

    private interface Metric {
        double of(Conversation c);
    }

    private static Map<String, Object> row(String name, List<Conversation> conversations, Metric metric) {
        double[] values = conversations.stream().mapToDouble(metric::of).filter(v -> !Double.isNaN(v)).sorted().toArray();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("metric", name);
        row.put("count", values.length);
        row.put("mean", values.length == 0 ? null : Rounding.round4(Arrays.stream(values).average().orElse(0)));
        row.put("min", values.length == 0 ? null : Rounding.round4(values[0]));
        for (int p : new int[] {50, 90, 95, 99}) {
            row.put("p" + p, values.length == 0 ? null : Rounding.round4(Percentiles.of(values, p)));
        }
        row.put("max", values.length == 0 ? null : Rounding.round4(values[values.length - 1]));
        return row;
    }

    private static double mean(DoubleList list) {
        if (list.isEmpty()) {
            return -1;
        }
        double sum = 0;
        for (int i = 0; i < list.size(); i++) {
            sum += list.get(i);
        }
        return sum / list.size();
    }

    /**
     * The run-level multi-turn figures.
     *
     * @param conversations          conversations with at least one measured turn
     * @param turns                  turns sent (successful or not; interrupted ones left out)
     * @param avgTurnsPerConversation turns sent per conversation
     * @param avgTurnNumber          mean turn number of the successful requests (evalscope's
     *                               "Avg Turns/Request": how deep into its conversation a request was)
     * @param firstTurnTtftMs        mean TTFT of first turns; -1 if none
     * @param laterTurnTtftMs        mean TTFT of later turns; -1 if none
     * @param cacheHitPercent        Σ server cached_tokens / Σ prompt tokens over turns whose usage
     *                               reported cached tokens; {@code null} when the server reported none
     * @param turnsWithCacheFigure   turns whose usage reported cached tokens
     * @param reusablePrefixEstimatePercent later turns: Σ min(prompt, previous prompt + previous
     *                               completion) / Σ prompt — an estimate of what an ideal prefix
     *                               cache could serve, never the server's figure
     * @param achievedConversationRate (n − 1) / (last first-turn send − first first-turn send): how
     *                               fast conversations started; -1 with fewer than two
     */
    public record Summary(int conversations, int turns, double avgTurnsPerConversation, double avgTurnNumber,
            double firstTurnTtftMs, double laterTurnTtftMs, Double cacheHitPercent, int turnsWithCacheFigure,
            int successfulTurns, Double reusablePrefixEstimatePercent, double achievedConversationRate) {

        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Conversations", conversations);
            m.put("Total Turns", turns);
            m.put("Avg Turns/Conversation", Rounding.round4(avgTurnsPerConversation));
            m.put("Avg Turns/Request", Rounding.round4(avgTurnNumber));
            m.put("First-Turn TTFT (ms)", Rounding.round4(firstTurnTtftMs));
            m.put("Subsequent-Turn TTFT (ms)", Rounding.round4(laterTurnTtftMs));
            m.put("KV Cache Hit Rate (%)", cacheHitPercent == null ? null : Rounding.round4(cacheHitPercent));
            m.put("KV Cache Hit Source", cacheHitPercent == null ? "not reported by the server (no cached_tokens in"
                    + " usage)" : "server cached_tokens (" + turnsWithCacheFigure + " of " + successfulTurns + " turns)");
            m.put("Achieved Conversation Rate (conv/s)", Rounding.round4(achievedConversationRate));
            m.put("Reusable Prefix Estimate (%)", reusablePrefixEstimatePercent == null ? null
                    : Rounding.round4(reusablePrefixEstimatePercent));
            return m;
        }
    }
}
