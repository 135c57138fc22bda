package dev.barrage.metrics.views;

import dev.barrage.metrics.Percentiles;

import java.util.Arrays;

/**
 * A growing list of values with the statistics the tools take of them: numpy's mean, population
 * standard deviation and linear-interpolation percentile (vLLM, SGLang, AIPerf), and evalscope's
 * nearest-rank lookup. Not thread-safe.
 */
final class Samples {
    private double[] values = new double[16];
    private int size;
    private double[] sorted;

    void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
        sorted = null;
    }

    void addAll(Samples other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    double sum() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += values[i];
        }
        return s;
    }

    /** NaN when empty. */
    double mean() {
        return size == 0 ? Double.NaN : sum() / size;
    }

    /** {@code numpy.std}: the population standard deviation (ddof 0); NaN when empty. */
    double std() {
        if (size == 0) {
            return Double.NaN;
        }
        double mean = mean();
        double squares = 0;
        for (int i = 0; i < size; i++) {
            double d = values[i] - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / size);
    }

    /** {@code numpy.percentile(values, percent)}, linear interpolation; NaN when empty. */
    double percentile(double percent) {
        return size == 0 ? Double.NaN : Percentiles.of(sortedValues(), percent);
    }

    double max() {
        return size == 0 ? Double.NaN : sortedValues()[size - 1];
    }

    double min() {
        return size == 0 ? Double.NaN : sortedValues()[0];
    }

    /**
     * evalscope's {@code calculate_percentiles}: {@code sorted[int(n * percent / 100)]}, the last
     * value for 100, no interpolation; NaN when empty.
     */
    double nearestRank(int percent) {
        if (size == 0) {
            return Double.NaN;
        }
        double[] s = sortedValues();
        return percent >= 100 ? s[size - 1] : s[(int) (size * (double) percent / 100)];
    }

    /**
     * What numpy computes of {@code values or 0}: the tools pass an empty list as a single 0, so
     * an empty metric reads 0, not "missing".
     */
    Samples orZero() {
        if (size > 0) {
            return this;
        }
        Samples zero = new Samples();
        zero.add(0);
        return zero;
    }

    private double[] sortedValues() {
        if (sorted == null) {
            sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
        }
        return sorted;
    }
}
