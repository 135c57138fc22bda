package dev.barrage.metrics;

import java.util.List;

/**
 * Percentiles exactly as {@code numpy.percentile(a, p)} computes them with its default
 * ("linear") method: index = (n − 1)·p/100 into the sorted data, linear interpolation between the
 * neighbours, using numpy's two-sided lerp so that results match to the last bit.
 *
 * <p>evalscope's own table uses a nearest-rank lookup rounded to two decimals instead; Barrage
 * does not (see {@code docs/metrics.md}).
 */
public final class Percentiles {
    /** The rows of every percentile table: the seed's and current evalscope's, merged. */
    public static final List<String> LABELS = List.of(
            "min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "max");
    /** The percentile of each label, in the same order. */
    public static final double[] PERCENTS = {0, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 100};

    private Percentiles() {
    }

    /**
     * @param sorted  ascending data, not empty
     * @param percent in [0, 100]
     */
    public static double of(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double q = percent / 100.0;
        double virtualIndex = (sorted.length - 1) * q;
        if (virtualIndex >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        if (virtualIndex < 0) {
            return sorted[0];
        }
        int previous = (int) Math.floor(virtualIndex);
        double gamma = virtualIndex - previous;
        return lerp(sorted[previous], sorted[previous + 1], gamma);
    }

    /** numpy's {@code _lerp}: a + (b−a)·t, computed from b's side when t ≥ 0.5. */
    static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** All of {@link #PERCENTS} for one sorted sample set. */
    public static double[] table(double[] sorted) {
        double[] out = new double[PERCENTS.length];
        for (int i = 0; i < PERCENTS.length; i++) {
            out[i] = of(sorted, PERCENTS[i]);
        }
        return out;
    }
}
