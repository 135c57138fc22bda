package dev.barrage.servermetrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * A server histogram over a run: per bucket the increase of its cumulative count between the
 * run's first and last scrape (each bucket, the sum and the count read as counters, resets
 * included), added up over the histogram's series and endpoints. Quantiles interpolate linearly
 * inside the bucket that holds them, as Prometheus' {@code histogram_quantile} does.
 */
final class HistogramWindow {
    /** Upper bound to its cumulative increase; +Inf included. */
    private final TreeMap<Double, Double> buckets = new TreeMap<>();
    private double count;
    private double sum;

    void addBucket(double upperBound, double increase) {
        buckets.merge(upperBound, increase, Double::sum);
    }

    void addSum(double increase) {
        sum += increase;
    }

    void addCount(double increase) {
        count += increase;
    }

    void addAll(HistogramWindow other) {
        other.buckets.forEach(this::addBucket);
        sum += other.sum;
        count += other.count;
    }

    /** Observations in the window: the _count's increase, else the +Inf bucket's. */
    double count() {
        if (count > 0 || buckets.isEmpty()) {
            return count;
        }
        return buckets.lastEntry().getValue();
    }

    /** The mean observation (_sum / _count), NaN without observations. */
    double mean() {
        return count > 0 ? sum / count : Double.NaN;
    }

    /**
     * The {@code q} quantile (0..1), NaN without observations. Below the first bound the lower edge
     * is 0 (these are latencies); in the +Inf bucket the answer is the highest finite bound.
     */
    double quantile(double q) {
        double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        if (!(total > 0)) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            double upper = b.getKey();
            double cumulative = Math.max(b.getValue(), lowerCount); // resets can break monotonicity
            if (cumulative >= rank) {
                if (Double.isInfinite(upper)) {
                    return lowerBound;
                }
                double inBucket = cumulative - lowerCount;
                if (inBucket <= 0) {
                    return upper;
                }
                double lower = lowerBound == 0 && upper <= 0 ? upper : lowerBound;
                return lower + (upper - lower) * (rank - lowerCount) / inBucket;
            }
            lowerBound = upper;
            lowerCount = Math.max(lowerCount, cumulative);
        }
        return lowerBound;
    }

    /** For tests and merges: a copy of the buckets. */
    Map<Double, Double> buckets() {
        return new TreeMap<>(buckets);
    }
}
