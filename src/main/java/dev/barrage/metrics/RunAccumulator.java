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
    private int estimatedTokens;
    private final Map<String, Integer> failureCauses = new HashMap<>();
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

    public void add(RequestRecord r) {
        minSendNanos = Math.min(minSendNanos, r.sendNanos());
        maxEndNanos = Math.max(maxEndNanos, r.endNanos());
        firstStartEpochMillis = Math.min(firstStartEpochMillis, r.startEpochMillis());
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
        if (!r.success()) {
            failureCauses.merge(r.errorType(), 1, Integer::sum);
            return;
        }
        success++;
        addSuccess(r);
    }

    private void addSuccess(RequestRecord r) {
        double latencyNanos = r.latencyNanos();
        latencyS.add(latencyNanos / NANOS_PER_S);
        if (r.stream()) {
            long ttft = r.ttftNanos();
            if (ttft >= 0) {
                ttftMs.add(ttft / NANOS_PER_MS);
            }
        } else {
            nonStreamLatencyMs.add(latencyNanos / NANOS_PER_MS);
        }
        long[] tokens = r.tokenNanos();
        for (int i = 1; i < tokens.length; i++) {
            itlMs.add((tokens[i] - tokens[i - 1]) / NANOS_PER_MS);
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

    public RunSummary summary(int concurrency, double requestRate, int plannedRequests) {
        double duration = durationSeconds();
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
                sortedByCount(failureCauses),
                firstStartEpochMillis == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstStartEpochMillis).toString());
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
        return new PercentileTable(columns);
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
