package dev.barrage.metrics.views;

import dev.barrage.metrics.RequestRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GuideLLM's definitions (per request: {@code src/guidellm/schemas/request_stats.py},
 * {@code GenerativeRequestStats}; aggregation: {@code src/guidellm/benchmark/schemas/metrics.py},
 * {@code GenerativeMetrics.compile}; statistics: {@code src/guidellm/schemas/statistics.py},
 * {@code DistributionSummary}). Figures of the {@code successful} requests: TTFT (0 for a reply
 * without tokens, averaged in), "TPOT" = (last token − start) / tokens with the first token
 * included, weighted by tokens, "ITL" = (last − first token) / (tokens − 1), weighted by
 * tokens − 1 (token-weighted, not per request), weighted lower percentiles, and throughput as the
 * mean of a time-weighted rate: requests over the measurement window, tokens between the first
 * and the last token of the run.
 */
final class GuidellmView implements MetricView {

    @Override
    public String name() {
        return "guidellm";
    }

    @Override
    public String tool() {
        return "GuideLLM (guidellm benchmark)";
    }

    @Override
    public String source() {
        return "vllm-project/guidellm@ee7a7745: src/guidellm/schemas/request_stats.py (GenerativeRequestStats),"
                + " src/guidellm/benchmark/schemas/metrics.py (GenerativeMetrics.compile),"
                + " src/guidellm/schemas/statistics.py (DistributionSummary.from_values,"
                + " rate_distribution_from_timings)";
    }

    @Override
    public ViewResult compute(List<RequestRecord> records) {
        int incomplete = (int) records.stream().filter(RequestRecord::interrupted).count();
        List<RequestRecord> measured = Timing.measured(records);
        WeightedSamples latency = new WeightedSamples();
        WeightedSamples ttft = new WeightedSamples();
        WeightedSamples tpot = new WeightedSamples();
        WeightedSamples itl = new WeightedSamples();
        WeightedSamples outputCount = new WeightedSamples();
        WeightedSamples promptCount = new WeightedSamples();
        List<double[]> outputTimings = new ArrayList<>();
        List<double[]> totalTimings = new ArrayList<>();
        int successful = 0;
        long origin = Timing.benchmarkStartNanos(measured);
        for (RequestRecord r : measured) {
            if (!r.success()) {
                continue;
            }
            successful++;
            long[] events = Timing.events(r);
            double start = Timing.seconds(origin, r.sendNanos());
            double end = Timing.seconds(origin, r.endNanos());
            Double first = events.length > 0 ? Timing.seconds(origin, events[0]) : null;
            Double last = events.length > 0 ? Timing.seconds(origin, events[events.length - 1]) : null;
            int n = outputTokens(r);
            latency.add(end - start, 1);
            ttft.add(first == null ? 0 : 1000 * (first - start), 1);
            if (n > 0) {
                tpot.add(1000 * ((last != null ? last : end) - start) / n, n);
            }
            if (first != null && n > 1) {
                itl.add(1000 * (last - first) / (n - 1), n - 1);
            }
            outputCount.add(Math.max(n, 0), 1);
            promptCount.add(Timing.promptTokens(r), 1);
            List<double[]> timings = outputTokenTimings(first, last, events.length, n, end);
            outputTimings.addAll(timings);
            totalTimings.add(new double[] {first != null ? first : end, Timing.promptTokens(r)});
            totalTimings.addAll(timings);
        }
        int errored = measured.size() - successful;
        // measurement window: first request start to the end of processing (no warm-up or cool-down cut)
        double window = Timing.wholeRunSeconds(measured);
        double requestsPerSecond = window > 0 ? successful / window : 0;
        double outputPerSecond = meanRate(outputTimings);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration", window);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("successful", successful);
        totals.put("incomplete", incomplete);
        totals.put("errored", errored);
        totals.put("total", successful + incomplete + errored);
        m.put("request_totals", totals);
        m.put("requests_per_second", successfulMean(requestsPerSecond));
        m.put("output_tokens_per_second", successfulMean(outputPerSecond));
        m.put("tokens_per_second", successfulMean(meanRate(totalTimings)));
        WeightedSamples.Summary latencyS = latency.summary();
        WeightedSamples.Summary ttftMs = ttft.summary();
        WeightedSamples.Summary tpotMs = tpot.summary();
        WeightedSamples.Summary itlMs = itl.summary();
        m.put("request_latency", successful(latencyS));
        m.put("time_to_first_token_ms", successful(ttftMs));
        m.put("time_per_output_token_ms", successful(tpotMs));
        m.put("inter_token_latency_ms", successful(itlMs));
        m.put("prompt_token_count", successful(promptCount.summary()));
        m.put("output_token_count", successful(outputCount.summary()));
        ViewFigures figures = new ViewFigures(window, successful, errored, ttftMs.mean(), ttftMs.p99(), tpotMs.mean(),
                tpotMs.p99(), itlMs.mean(), itlMs.p99(), latencyS.mean(), latencyS.p99(), requestsPerSecond,
                outputPerSecond);
        return new ViewResult(name(), tool(), source(), figures, m);
    }

    /** Usage when the server sent it, else the number of streamed iterations (GuideLLM's fallback); 0 for none. */
    private static int outputTokens(RequestRecord r) {
        return r.tokensEstimated() ? r.tokenEvents() : Timing.outputTokens(r);
    }

    /**
     * {@code output_tokens_timings}: (time, tokens) pairs. One pair at the last token (or the end)
     * holding every token when there was at most one iteration; else the first token at its time
     * and the remaining tokens spread evenly over the later iterations, which GuideLLM places on
     * a linspace from the first to the last token (it keeps no per-iteration times).
     */
    private static List<double[]> outputTokenTimings(Double first, Double last, int iterations, int n, double end) {
        List<double[]> timings = new ArrayList<>();
        if (first == null || iterations <= 1) {
            timings.add(new double[] {last != null ? last : end, Math.max(n, 0)});
            return timings;
        }
        timings.add(new double[] {first, n > 0 ? 1 : 0});
        if (n > 1) {
            double perIteration = (n - 1.0) / (iterations - 1.0);
            double step = (last - first) / (iterations - 1);
            for (int i = 1; i < iterations; i++) {
                // numpy's linspace: start + i * step, its last point exactly the stop
                timings.add(new double[] {i == iterations - 1 ? last : first + i * step, perIteration});
            }
        }
        return timings;
    }

    /**
     * The mean of GuideLLM's time-weighted rate distribution over (time, amount) events: each
     * event's rate is its amount over the time to its neighbours' midpoints, weighted by that
     * time, so the mean is the total amount over the span from the first to the last event.
     * (GuideLLM also merges events closer than 0.1 ms, which moves the span by at most that.)
     */
    static double meanRate(List<double[]> timings) {
        if (timings.size() < 2) {
            return 0;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double amount = 0;
        for (double[] t : timings) {
            min = Math.min(min, t[0]);
            max = Math.max(max, t[0]);
            amount += t[1];
        }
        return max > min ? amount / (max - min) : 0;
    }

    private static Map<String, Object> successful(WeightedSamples.Summary summary) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("successful", summary.toJsonMap());
        return m;
    }

    private static Map<String, Object> successfulMean(double mean) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("mean", Json.num(mean));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("successful", inner);
        return m;
    }
}
