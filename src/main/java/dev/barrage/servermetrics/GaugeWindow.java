package dev.barrage.servermetrics;

/** Min, mean, max and last of a gauge over a run's scrapes; the mean weighs every scrape alike. NaN is skipped. */
final class GaugeWindow {
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private double last = Double.NaN;
    private int count;

    void add(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
        last = value;
        count++;
    }

    int count() {
        return count;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    double last() {
        return last;
    }
}
