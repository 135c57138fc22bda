package dev.barrage.metrics.views;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GuideLLM's {@code DistributionSummary.from_values} ({@code src/guidellm/schemas/statistics.py}):
 * (value, weight) pairs; equal values merged by summing their weights; zero weights dropped; the
 * probabilities are the weights over their total (uniform when the total is 0); mean and variance
 * are probability-weighted; each percentile is the first value whose cumulative probability
 * reaches it (no interpolation); {@code count} is the rounded sum of all weights. Not thread-safe.
 */
final class WeightedSamples {
    private static final double EPSILON = 1e-6;
    /** GuideLLM's {@code Percentiles} fields and the probability of each. */
    private static final String[] PERCENTILE_KEYS = {"p001", "p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95",
            "p99", "p999"};
    private static final double[] PERCENTILE_PROBS = {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};

    private double[] values = new double[16];
    private double[] weights = new double[16];
    private int size;

    void add(double value, double weight) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            weights = Arrays.copyOf(weights, size * 2);
        }
        values[size] = value;
        weights[size] = weight;
        size++;
    }

    /** The summary: mean, median, std_dev, min, max, count and percentiles; all 0 when empty. */
    Summary summary() {
        if (size == 0) {
            return new Summary(0, 0, 0, 0, 0, 0, new double[PERCENTILE_KEYS.length]);
        }
        double weightSum = 0;
        for (int i = 0; i < size; i++) {
            weightSum += weights[i];
        }
        long count = Math.round(weightSum);
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] unique = new double[size];
        double[] merged = new double[size];
        int n = 0;
        for (Integer i : order) {
            if (n > 0 && unique[n - 1] == values[i]) {
                merged[n - 1] += weights[i];
            } else {
                unique[n] = values[i];
                merged[n] = weights[i];
                n++;
            }
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (merged[i] > 0) {
                unique[kept] = unique[i];
                merged[kept] = merged[i];
                kept++;
            }
        }
        if (kept == 0) {
            return new Summary(0, 0, 0, 0, 0, count, new double[PERCENTILE_KEYS.length]);
        }
        double total = 0;
        for (int i = 0; i < kept; i++) {
            total += merged[i];
        }
        if (total <= EPSILON) {
            Arrays.fill(merged, 0, kept, 1.0);
            total = kept;
        }
        double[] probs = new double[kept];
        double mean = 0;
        for (int i = 0; i < kept; i++) {
            probs[i] = merged[i] / total;
            mean += unique[i] * probs[i];
        }
        double variance = 0;
        for (int i = 0; i < kept; i++) {
            double d = unique[i] - mean;
            variance += d * d * probs[i];
        }
        double[] cdf = new double[kept];
        double running = 0;
        for (int i = 0; i < kept; i++) {
            running += probs[i];
            cdf[i] = running;
        }
        double[] percentiles = new double[PERCENTILE_PROBS.length];
        for (int p = 0; p < PERCENTILE_PROBS.length; p++) {
            percentiles[p] = unique[searchLeft(cdf, PERCENTILE_PROBS[p])];
        }
        return new Summary(mean, percentiles[5], Math.sqrt(variance), unique[0], unique[kept - 1], count, percentiles);
    }

    /** numpy's {@code searchsorted(cdf, q, side="left")}: the first index with cdf ≥ q (the last when rounding falls short). */
    private static int searchLeft(double[] cdf, double q) {
        for (int i = 0; i < cdf.length; i++) {
            if (cdf[i] >= q) {
                return i;
            }
        }
        return cdf.length - 1;
    }

    /** One {@code DistributionSummary}: {@code percentiles} in {@link #PERCENTILE_KEYS} order. */
    record Summary(double mean, double median, double stdDev, double min, double max, long count,
            double[] percentiles) {

        double p99() {
            return percentiles[9];
        }

        Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mean", Json.num(mean));
            m.put("median", Json.num(median));
            m.put("std_dev", Json.num(stdDev));
            m.put("min", Json.num(min));
            m.put("max", Json.num(max));
            m.put("count", count);
            Map<String, Object> p = new LinkedHashMap<>();
            for (int i = 0; i < PERCENTILE_KEYS.length; i++) {
                p.put(PERCENTILE_KEYS[i], Json.num(percentiles[i]));
            }
            m.put("percentiles", p);
            return m;
        }
    }
}
