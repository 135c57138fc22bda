package dev.barrage.sim;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of seconds with fixed upper bounds, written from any event loop without a
 * lock: one LongAdder per bucket (not cumulative; the page adds them up) and one for the sum.
 */
final class SimHistogram {
    private final double[] bounds;
    /** One more than the bounds: the last one is +Inf. */
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    SimHistogram(double... bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void observeNanos(long nanos) {
        double seconds = Math.max(0, nanos) / 1e9;
        int i = Arrays.binarySearch(bounds, seconds);
        counts[i >= 0 ? i : -i - 1].increment(); // an exact bound belongs to its own bucket (le)
        sum.add(seconds);
    }

    /** Appends the _bucket, _sum and _count lines, each with {@code labels} (without braces). */
    void render(StringBuilder page, String name, String labels) {
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i].sum();
            page.append(name).append("_bucket{").append(labels).append(",le=\"")
                    .append(i < bounds.length ? String.valueOf(bounds[i]) : "+Inf").append("\"} ")
                    .append((double) cumulative).append('\n');
        }
        page.append(name).append("_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
        page.append(name).append("_count{").append(labels).append("} ").append((double) cumulative).append('\n');
    }
}
