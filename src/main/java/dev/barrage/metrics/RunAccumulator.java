package dev.barrage.metrics;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds the records of one run into its summary and percentile table. Every average in the
 * summary is the mean of the very sample set its percentile column is computed from, so the two
 * tables never disagree (evalscope's do, see {@code docs/metrics.md}).
 *
 * <p>Single-threaded: owned by the run's collector thread. Memory: one double per request per
 * per-request metric, plus one per inter-token gap, up to {@link DoubleList#DEFAULT_EXACT_LIMIT}
 * per metric; beyond that a metric's samples live in a fixed-size histogram (percentiles within
 * 0.1 %, see {@link DoubleList}), so memory stays bounded however long the run.
 */
public final class RunAccumulator {
    private static final double NANOS_PER_MS = 1e6;
    private static final double NANOS_PER_S = 1e9;

    private int total;
    private int success;
    private int interrupted;
    private int stream;
    private int nonStream;
    private int reconnected;
    /** Requests per {@link ResponseWarning} key, in the enum's order. */
    private final java.util.Map<String, Integer> warnings = new java.util.LinkedHashMap<>();
    private int estimatedTokens;
    private final Map<String, Integer> failureCauses = new HashMap<>();
    private final FailureMessages failureMessages = new FailureMessages();
    private long minSendNanos = Long.MAX_VALUE;
    private long maxEndNanos = Long.MIN_VALUE;
    private long firstStartEpochMillis = Long.MAX_VALUE;

    private final DoubleList ttftMs = new DoubleList();
    private final DoubleList nonStreamLatencyMs = new DoubleList();
    private final DoubleList itlMs = new DoubleList(1024);
    private final DoubleList tpotMs = new DoubleList();
    private final DoubleList latencyS = new DoubleList();
    private final DoubleList inputTokens = new DoubleList();
    private final DoubleList outputTokens = new DoubleList();
    private final DoubleList outputTps = new DoubleList();
    private final DoubleList totalTps = new DoubleList();
    private final DoubleList firstByteMs = new DoubleList();
    private double sumPromptTokens;
    private double sumCompletionTokens;

    private final DoubleList ttftFromIntendedMs = new DoubleList();
    private final DoubleList latencyFromIntendedS = new DoubleList();
    private final DoubleList scheduleLagMs = new DoubleList();
    private final DoubleList queueMs = new DoubleList();
    private final DoubleList dispatchLagMs = new DoubleList();
    private long minSentNanos = Long.MAX_VALUE;
    private long maxSentNanos = Long.MIN_VALUE;
    private int sent;
    private final Map<String, Double> goodputObjectivesMs;
    private int goodRequests;
    private final TokenStats.Accumulator tokenStats = new TokenStats.Accumulator();
    private final ConversationStats conversations = new ConversationStats();

    /** An accumulator without goodput objectives. */
    public RunAccumulator() {
        this(Map.of());
    }

    /** @param goodputObjectivesMs "ttft", "tpot", "e2el" objectives in milliseconds; empty for none */
    public RunAccumulator(Map<String, Double> goodputObjectivesMs) {
        this.goodputObjectivesMs = new LinkedHashMap<>(goodputObjectivesMs);
    }

    public void add(RequestRecord r) {
        minSendNanos = Math.min(minSendNanos, r.sendNanos());
        maxEndNanos = Math.max(maxEndNanos, r.endNanos());
        firstStartEpochMillis = Math.min(firstStartEpochMillis, r.startEpochMillis());
        sent++;
        minSentNanos = Math.min(minSentNanos, r.sendNanos());
        maxSentNanos = Math.max(maxSentNanos, r.sendNanos());
        scheduleLagMs.add(r.scheduleLagNanos() / NANOS_PER_MS);
        queueMs.add(r.queueNanos() / NANOS_PER_MS);
        dispatchLagMs.add(r.dispatchLagNanos() / NANOS_PER_MS);
        if (r.turn() != null) {
            conversations.add(r);
        }
        if (r.interrupted()) {
            interrupted++;
            return;
        }
        total++;
        if (r.stream()) {
            stream++;
        } else {
            nonStream++;
        }
        if (r.reconnected()) {
            reconnected++;
        }
        if (r.warnings() != 0) {
            for (ResponseWarning w : ResponseWarning.values()) {
                if (w.in(r.warnings())) {
                    warnings.merge(w.key(), 1, Integer::sum);
                }
            }
        }
        if (!r.success()) {
            failureCauses.merge(r.errorType(), 1, Integer::sum);
            failureMessages.add(r);
            return;
        }
        success++;
        addSuccess(r);
        tokenStats.add(r);
    }

    private void addSuccess(RequestRecord r) {
        double latencyNanos = r.latencyNanos();
        latencyS.add(latencyNanos / NANOS_PER_S);
        latencyFromIntendedS.add(r.latencyFromIntendedNanos() / NANOS_PER_S);
        if (r.ttftFromIntendedNanos() >= 0) {
            ttftFromIntendedMs.add(r.ttftFromIntendedNanos() / NANOS_PER_MS);
        }
        if (!goodputObjectivesMs.isEmpty() && Goodput.meets(r, goodputObjectivesMs)) {
            goodRequests++;
        }
        if (r.stream()) {
            long ttft = r.ttftNanos();
            if (ttft >= 0) {
                ttftMs.add(ttft / NANOS_PER_MS);
            }
        } else {
            nonStreamLatencyMs.add(latencyNanos / NANOS_PER_MS);
        }
        for (long gap : r.itlNanos()) {
            itlMs.add(gap / NANOS_PER_MS);
        }
        double tpot = r.tpotNanos();
        if (!Double.isNaN(tpot)) {
            tpotMs.add(tpot / NANOS_PER_MS);
        }
        if (r.firstByteLatencyNanos() >= 0) {
            firstByteMs.add(r.firstByteLatencyNanos() / NANOS_PER_MS);
        }
        if (r.tokensEstimated()) {
            estimatedTokens++;
        }
        double seconds = latencyNanos / NANOS_PER_S;
        if (r.promptTokens() >= 0) {
            inputTokens.add(r.promptTokens());
            sumPromptTokens += r.promptTokens();
        }
        if (r.completionTokens() >= 0) {
            outputTokens.add(r.completionTokens());
            sumCompletionTokens += r.completionTokens();
            if (seconds > 0) {
                outputTps.add(r.completionTokens() / seconds);
                if (r.promptTokens() >= 0) {
                    totalTps.add((r.promptTokens() + r.completionTokens()) / seconds);
                }
            }
        }
    }

    /** The per-conversation figures of a --multi-turn run (empty otherwise). */
    public ConversationStats conversations() {
        return conversations;
    }

    /** Requests folded in so far, interrupted ones included. */
    public int count() {
        return total + interrupted;
    }

    public int successCount() {
        return success;
    }

    public int failedCount() {
        return total - success;
    }

    /** Send of the first request to the end of the last, in seconds; 0 before any record. */
    public double durationSeconds() {
        return maxEndNanos > minSendNanos ? (maxEndNanos - minSendNanos) / NANOS_PER_S : 0;
    }

    /**
     * TTFT samples: streamed successes; when no success was streamed, every success's latency
     * (a non-streamed reply's first token arrives with its last), as evalscope does.
     */
    private DoubleList ttftSamples() {
        return stream > 0 || nonStreamLatencyMs.isEmpty() ? ttftMs : nonStreamLatencyMs;
    }

    /** Successful requests with a known output length other than {@code expected}. */
    public int outputTokensOtherThan(int expected) {
        int n = 0;
        for (int i = 0; i < outputTokens.size(); i++) {
            if (outputTokens.get(i) != expected) {
                n++;
            }
        }
        return n;
    }

    /** Successful requests with a known output length. */
    public int outputTokenCounts() {
        return outputTokens.size();
    }

    /** 99th percentile of the dispatch lag (Barrage's own lateness), ms; 0 before any record. */
    public double dispatchLagP99Ms() {
        return dispatchLagMs.isEmpty() ? 0 : Percentiles.of(dispatchLagMs.sorted(), 99);
    }

    /** Sends per second over the run: (sent − 1) / (last send − first send); -1 with fewer than 2. */
    public double achievedRate() {
        return sent >= 2 && maxSentNanos > minSentNanos ? (sent - 1) / ((maxSentNanos - minSentNanos) / NANOS_PER_S) : -1;
    }

    public RunSummary summary(int concurrency, double requestRate, int plannedRequests) {
        return summary(concurrency, requestRate, plannedRequests, 0, 0);
    }

    /**
     * @param warmupRequests  warm-up requests sent (and left out) before the measured ones
     * @param droppedRequests open-loop sends skipped at --max-in-flight
     */
    public RunSummary summary(int concurrency, double requestRate, int plannedRequests, int warmupRequests,
            int droppedRequests) {
        double duration = durationSeconds();
        ScheduleStats schedule = new ScheduleStats(achievedRate(), warmupRequests, droppedRequests,
                meanOrMinusOne(scheduleLagMs), scheduleLagMs.isEmpty() ? -1 : Percentiles.of(scheduleLagMs.sorted(), 99),
                meanOrMinusOne(queueMs), meanOrMinusOne(ttftFromIntended()), meanOrMinusOne(latencyFromIntendedS));
        Goodput goodput = goodputObjectivesMs.isEmpty() ? null : new Goodput(goodputObjectivesMs, goodRequests,
                perSecond(goodRequests, duration), total == 0 ? 0 : 100.0 * goodRequests / total);
        Map<String, Integer> causes = sortedByCount(failureCauses);
        return new RunSummary(
                duration,
                concurrency,
                requestRate,
                total,
                success,
                total - success,
                stream,
                nonStream,
                perSecond(success, duration),
                meanOrMinusOne(latencyS),
                meanOrMinusOne(inputTokens),
                meanOrMinusOne(outputTokens),
                perSecond(sumCompletionTokens, duration),
                perSecond(sumPromptTokens + sumCompletionTokens, duration),
                meanOrMinusOne(ttftSamples()),
                meanOrMinusOne(tpotMs),
                meanOrMinusOne(itlMs),
                plannedRequests,
                interrupted,
                reconnected,
                estimatedTokens,
                meanOrMinusOne(firstByteMs),
                causes,
                firstStartEpochMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstStartEpochMillis).toString(),
                schedule, goodput, null, tokenStats.stats(), conversations.summary(), inEnumOrder(warnings),
                failureMessages.top(causes.keySet()));
    }

    private static java.util.Map<String, Integer> inEnumOrder(java.util.Map<String, Integer> counts) {
        java.util.Map<String, Integer> ordered = new java.util.LinkedHashMap<>();
        for (ResponseWarning w : ResponseWarning.values()) {
            Integer n = counts.get(w.key());
            if (n != null) {
                ordered.put(w.key(), n);
            }
        }
        return ordered;
    }

    /** Same fallback as TTFT: non-streamed runs use latency from the intended time. */
    private DoubleList ttftFromIntended() {
        if (stream > 0 || nonStreamLatencyMs.isEmpty()) {
            return ttftFromIntendedMs;
        }
        DoubleList ms = new DoubleList(latencyFromIntendedS.size());
        for (int i = 0; i < latencyFromIntendedS.size(); i++) {
            ms.add(latencyFromIntendedS.get(i) * 1000);
        }
        return ms;
    }

    public PercentileTable percentiles() {
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put(PercentileTable.TTFT, table(ttftSamples()));
        columns.put(PercentileTable.ITL, table(itlMs));
        columns.put(PercentileTable.TPOT, table(tpotMs));
        columns.put(PercentileTable.LATENCY, table(latencyS));
        columns.put(PercentileTable.INPUT_TOKENS, table(inputTokens));
        columns.put(PercentileTable.OUTPUT_TOKENS, table(outputTokens));
        columns.put(PercentileTable.OUTPUT_THROUGHPUT, table(outputTps));
        columns.put(PercentileTable.TOTAL_THROUGHPUT, table(totalTps));
        columns.put(PercentileTable.TTFT_FROM_INTENDED, table(ttftFromIntended()));
        columns.put(PercentileTable.LATENCY_FROM_INTENDED, table(latencyFromIntendedS));
        columns.put(PercentileTable.SCHEDULE_LAG, table(scheduleLagMs));
        columns.put(PercentileTable.QUEUE_TIME, table(queueMs));
        return new PercentileTable(columns);
    }

    /**
     * A sorted copy of the sample set behind one percentile column ({@link PercentileTable#TTFT},
     * ...), for distributions drawn from exactly the samples the table summarises; empty when
     * the column has no data or is unknown.
     */
    public double[] sortedSamples(String column) {
        DoubleList samples = switch (column) {
            case PercentileTable.TTFT -> ttftSamples();
            case PercentileTable.ITL -> itlMs;
            case PercentileTable.TPOT -> tpotMs;
            case PercentileTable.LATENCY -> latencyS;
            case PercentileTable.INPUT_TOKENS -> inputTokens;
            case PercentileTable.OUTPUT_TOKENS -> outputTokens;
            case PercentileTable.OUTPUT_THROUGHPUT -> outputTps;
            case PercentileTable.TOTAL_THROUGHPUT -> totalTps;
            default -> new DoubleList(1);
        };
        return samples.isEmpty() ? new double[0] : samples.sorted();
    }

    private static double[] table(DoubleList samples) {
        return samples.percentileTable();
    }

    private static double meanOrMinusOne(DoubleList samples) {
        return samples.isEmpty() ? -1 : samples.mean();
    }

    private static double perSecond(double amount, double seconds) {
        return seconds > 0 ? amount / seconds : 0;
    }

    private static Map<String, Integer> sortedByCount(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
