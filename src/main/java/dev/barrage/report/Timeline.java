package dev.barrage.report;

import dev.barrage.metrics.RequestRecord;

import java.util.List;

/**
 * What happened during one run, second by second: the report's timeline chart. Time runs from
 * the run's first send; the run is cut into equal buckets ({@link #bucketSeconds}: 1 s for runs
 * of a few minutes, finer for short runs, coarser for long ones, so a chart has at most
 * {@value #MAX_BUCKETS} points). Every series is a rate per second or a mean over its bucket, so
 * the numbers read the same whatever the bucket width.
 *
 * <ul>
 *   <li>{@code inFlight}: requests in flight, averaged over the bucket (time-weighted: a request
 *       in flight for half the bucket counts 0.5).</li>
 *   <li>{@code completionsPerS}: successful requests that ended in the bucket, per second.</li>
 *   <li>{@code errorsPerS}: failed requests (not the interrupted ones) that ended in the bucket,
 *       per second.</li>
 *   <li>{@code outputTokensPerS}: output tokens of successful requests, per second, each request's
 *       count spread evenly over its token events (all at its end when it was not streamed).</li>
 * </ul>
 * The last bucket is usually partial: its rates are divided by its real width, and a last piece
 * shorter than a quarter of a bucket joins the bucket before it.
 *
 * @param startS bucket starts, seconds after the first send
 */
public record Timeline(double bucketSeconds, double[] startS, double[] inFlight, double[] completionsPerS,
        double[] errorsPerS, double[] outputTokensPerS) {
    static final int MAX_BUCKETS = 150;
    private static final double[] WIDTHS_S = {0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};

    public static Timeline of(List<RequestRecord> records) {
        if (records.isEmpty()) {
            return new Timeline(1, new double[0], new double[0], new double[0], new double[0], new double[0]);
        }
        long t0 = records.stream().mapToLong(RequestRecord::sendNanos).min().getAsLong();
        long t1 = records.stream().mapToLong(RequestRecord::endNanos).max().getAsLong();
        double duration = Math.max(1e-9, (t1 - t0) / 1e9);
        double width = bucketWidth(duration);
        int full = (int) Math.floor(duration / width);
        double rest = duration - full * width;
        int buckets = Math.max(1, rest >= width / 4 || full == 0 ? full + 1 : full);
        double[] widths = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            widths[i] = i < buckets - 1 ? width : duration - (buckets - 1) * width;
        }
        Sums sums = new Sums(buckets, width, t0);
        for (RequestRecord r : records) {
            sums.add(r);
        }
        double[] start = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            start[i] = i * width;
            sums.inFlight[i] /= widths[i];
            sums.completions[i] /= widths[i];
            sums.errors[i] /= widths[i];
            sums.tokens[i] /= widths[i];
        }
        return new Timeline(width, start, sums.inFlight, sums.completions, sums.errors, sums.tokens);
    }

    static double bucketWidth(double durationS) {
        for (double w : WIDTHS_S) {
            if (durationS / w <= MAX_BUCKETS) {
                return w;
            }
        }
        return Math.ceil(durationS / MAX_BUCKETS);
    }

    /** Per-bucket totals before they become rates. */
    private static final class Sums {
        final double[] inFlight;
        final double[] completions;
        final double[] errors;
        final double[] tokens;
        private final double width;
        private final long t0;

        Sums(int buckets, double width, long t0) {
            this.inFlight = new double[buckets];
            this.completions = new double[buckets];
            this.errors = new double[buckets];
            this.tokens = new double[buckets];
            this.width = width;
            this.t0 = t0;
        }

        void add(RequestRecord r) {
            double send = seconds(r.sendNanos());
            double end = seconds(r.endNanos());
            for (int b = bucket(send); b <= bucket(end); b++) {
                double lo = Math.max(send, b * width);
                double hi = b == inFlight.length - 1 ? end : Math.min(end, (b + 1) * width);
                inFlight[b] += Math.max(0, hi - lo);
            }
            if (r.interrupted()) {
                return;
            }
            if (!r.success()) {
                errors[bucket(end)]++;
                return;
            }
            completions[bucket(end)]++;
            addTokens(r, end);
        }

        private void addTokens(RequestRecord r, double end) {
            int tokensOut = Math.max(0, r.completionTokens());
            long[] events = r.tokenNanos();
            if (events.length == 0) {
                tokens[bucket(end)] += tokensOut;
                return;
            }
            double perEvent = (double) tokensOut / events.length;
            for (long t : events) {
                tokens[bucket(seconds(t))] += perEvent;
            }
        }

        private double seconds(long nanos) {
            return (nanos - t0) / 1e9;
        }

        private int bucket(double s) {
            return (int) Math.max(0, Math.min(inFlight.length - 1, Math.floor(s / width)));
        }
    }
}
