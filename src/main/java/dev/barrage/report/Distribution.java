package dev.barrage.report;

import dev.barrage.metrics.Percentiles;

/**
 * The shape of one sample set (a run's TTFT or ITL samples, in ms) for the report: a histogram
 * and a cumulative distribution.
 *
 * <p>The histogram has equal-width bins from the minimum to the maximum. When the tail is long
 * (maximum more than twice the 99th percentile) the bins stop at the 99th percentile and
 * {@code overflow} counts the samples beyond it, so a few outliers do not squeeze the body of the
 * distribution into one bar; the CDF still shows the whole tail. The CDF holds the value at each
 * percent of {@link #CDF_PERCENTS}, computed like every other percentile ({@link Percentiles}).
 *
 * @param count    number of samples
 * @param edges    bin edges, ascending, one more than {@code counts}
 * @param counts   samples per bin (the last bin includes its upper edge)
 * @param overflow samples above the last edge
 * @param cdf      the value at each of {@link #CDF_PERCENTS}
 */
public record Distribution(int count, double[] edges, int[] counts, int overflow, double[] cdf) {
    /** 0, 0.5, ..., 99.5, then 99.9, 99.99 and 100: fine enough to read any tail percentile. */
    public static final double[] CDF_PERCENTS = cdfPercents();
    static final int MAX_BINS = 40;
    static final double LONG_TAIL_FACTOR = 2;

    private static double[] cdfPercents() {
        double[] p = new double[203];
        for (int i = 0; i < 200; i++) {
            p[i] = i * 0.5;
        }
        p[200] = 99.9;
        p[201] = 99.99;
        p[202] = 100;
        return p;
    }

    /** @param sorted ascending samples (may be empty) */
    public static Distribution of(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return new Distribution(0, new double[0], new int[0], 0, new double[0]);
        }
        double min = sorted[0];
        double max = sorted[n - 1];
        double p99 = Percentiles.of(sorted, 99);
        double top = max > LONG_TAIL_FACTOR * p99 && p99 > min ? p99 : max;
        int bins = top > min ? (int) Math.min(MAX_BINS, Math.max(5, Math.ceil(Math.sqrt(n)))) : 1;
        double width = top > min ? (top - min) / bins : 1;
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = i == bins && top > min ? top : min + i * width;
        }
        int[] counts = new int[bins];
        int overflow = 0;
        for (double v : sorted) {
            if (v > top) {
                overflow++;
            } else {
                counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
            }
        }
        double[] cdf = new double[CDF_PERCENTS.length];
        for (int i = 0; i < cdf.length; i++) {
            cdf[i] = Percentiles.of(sorted, CDF_PERCENTS[i]);
        }
        return new Distribution(n, edges, counts, overflow, cdf);
    }
}
