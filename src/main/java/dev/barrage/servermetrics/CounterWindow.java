package dev.barrage.servermetrics;

/**
 * How much one counter series rose over a run, as Prometheus' {@code increase()} reads it: a value
 * lower than the one before means the server restarted (the counter reset), and the new value is
 * then all increase. A series first seen after the run's first scrape was created during the run,
 * so its first value counts as increase too. NaN values are skipped.
 */
final class CounterWindow {
    private double last = Double.NaN;
    private double increase;
    private int resets;

    /** @param createdDuringRun this is the series' first value and it was absent from an earlier scrape */
    void add(double value, boolean createdDuringRun) {
        if (Double.isNaN(value)) {
            return;
        }
        if (Double.isNaN(last)) {
            if (createdDuringRun) {
                increase += value;
            }
        } else if (value < last) {
            resets++;
            increase += value;
        } else {
            increase += value - last;
        }
        last = value;
    }

    double increase() {
        return increase;
    }

    int resets() {
        return resets;
    }

    boolean seen() {
        return !Double.isNaN(last);
    }
}
