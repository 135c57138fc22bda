package dev.barrage.metrics;

import org.HdrHistogram.DoubleHistogram;

import java.util.Arrays;

/**
 * One metric's samples of a run, in bounded memory. Up to {@code exactLimit} samples are kept as
 * primitive doubles, and percentiles are numpy-exact ({@link Percentiles}); past that the samples
 * move into an HdrHistogram {@link DoubleHistogram} with {@value #SIGNIFICANT_DIGITS} significant
 * digits (every recorded value within 0.1 % of the true one, in fixed memory), so a run of a million
 * requests with a hundred tokens each (10<sup>8</sup> ITL samples) needs megabytes, not gigabytes.
 * Count, sum, mean, minimum and maximum stay exact either way. Not thread-safe.
 *
 * <p>Values must be {@code >= 0} and finite (every Barrage metric is); the histogram cannot hold
 * others, so they are clamped at 0.
 */
public final class DoubleList {
    /** Exact samples kept per metric before switching to the histogram: 4 Mi doubles = 32 MiB. */
    public static final int DEFAULT_EXACT_LIMIT = 1 << 22;
    public static final int SIGNIFICANT_DIGITS = 3;

    private final int exactLimit;
    private double[] values;
    private int size;
    private DoubleHistogram histogram;
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public DoubleList() {
        this(64);
    }

    public DoubleList(int capacity) {
        this(capacity, DEFAULT_EXACT_LIMIT);
    }

    /**
     * @param capacity   initial room for exact samples
     * @param exactLimit samples kept exactly before the histogram takes over, at least 1
     */
    public DoubleList(int capacity, int exactLimit) {
        this.exactLimit = Math.max(1, exactLimit);
        this.values = new double[Math.max(1, Math.min(capacity, this.exactLimit))];
    }

    public void add(double v) {
        count++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (histogram != null) {
            histogram.recordValue(Math.max(0, v));
            return;
        }
        if (size == exactLimit) {
            moveToHistogram();
            histogram.recordValue(Math.max(0, v));
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, (int) Math.min(exactLimit, size * 2L));
        }
        values[size++] = v;
    }

    private void moveToHistogram() {
        histogram = new DoubleHistogram(SIGNIFICANT_DIGITS);
        for (int i = 0; i < size; i++) {
            histogram.recordValue(Math.max(0, values[i]));
        }
        values = null;
        size = 0;
    }

    /** True while every sample is held exactly (percentiles are numpy-exact). */
    public boolean exact() {
        return histogram == null;
    }

    /** Number of samples. */
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, count);
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Sample {@code i} in insertion order; only while {@link #exact()}. */
    public double get(int i) {
        if (!exact() || i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size + (exact() ? "" : " (samples are in a histogram)"));
        }
        return values[i];
    }

    public double sum() {
        return sum;
    }

    /** Arithmetic mean; {@code NaN} when empty. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Quantiles drawn from the histogram by {@link #sorted()} once samples are no longer exact. */
    public static final int SKETCH_POINTS = 10_001;

    /**
     * A sorted copy of the samples while {@link #exact()}; beyond, a sorted stand-in of
     * {@value #SKETCH_POINTS} values at evenly spaced percentiles of the histogram (0, 0.01 %, ...,
     * 100 %, with the exact minimum and maximum at the ends), enough for charts and for
     * percentiles within the histogram's precision, in fixed memory.
     */
    public double[] sorted() {
        if (!exact()) {
            double[] sketch = new double[SKETCH_POINTS];
            for (int i = 0; i < SKETCH_POINTS; i++) {
                sketch[i] = percentile(100.0 * i / (SKETCH_POINTS - 1));
            }
            Arrays.sort(sketch);
            return sketch;
        }
        double[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }

    /**
     * The {@code percent} percentile: numpy's linear method while exact; from the histogram
     * beyond (within 0.1 %), with the exact minimum and maximum at 0 and 100.
     */
    public double percentile(double percent) {
        if (count == 0) {
            return Double.NaN;
        }
        if (exact()) {
            return Percentiles.of(sorted(), percent);
        }
        if (percent <= 0) {
            return min;
        }
        if (percent >= 100) {
            return max;
        }
        return Math.min(max, Math.max(min, histogram.getValueAtPercentile(percent)));
    }

    /** Every percentile of {@link Percentiles#PERCENTS}, sorting once; {@code null} when empty. */
    public double[] percentileTable() {
        if (count == 0) {
            return null;
        }
        if (exact()) {
            return Percentiles.table(sorted());
        }
        double[] out = new double[Percentiles.PERCENTS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = percentile(Percentiles.PERCENTS[i]);
        }
        return out;
    }
}
