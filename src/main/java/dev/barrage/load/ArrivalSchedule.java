package dev.barrage.load;

import java.util.SplittableRandom;

/**
 * When each request of a paced run should be sent, as offsets from the run's start, computed
 * ahead and read in order: the scheduler then sends at absolute times, so its own delays never
 * shift later arrivals (no drift).
 *
 * <p>Gaps are drawn with mean 1 — all equal (constant), exponential (Poisson), or gamma with
 * shape {@code burstiness} (1 = Poisson) — then the n − 1 gaps after the first request are
 * rescaled so that they sum to exactly n − 1: the last request is due exactly (n − 1)/rate after
 * the first, so the achieved rate (n − 1)/(last send − first send) equals the target whenever
 * sends are on time, whatever the seed (vLLM and evalscope rescale the same way, to n/rate).
 *
 * <p>With a ramp-up of S seconds the intensity grows linearly, rate·t/S, until S, then stays at
 * rate; offsets are the rescaled arrival coordinates mapped through the inverse of the
 * cumulative intensity, so the shape of the process is kept.
 *
 * <p>Memory is constant: the gaps are drawn twice from the same seed (once to sum them, once to
 * emit them) instead of being stored. Not thread-safe; one per run, read by the scheduler.
 */
final class ArrivalSchedule {
    /** The arrival processes of {@code --arrival}. */
    enum Process { POISSON, CONSTANT, GAMMA }

    private final Process process;
    private final double shape;
    private final double ratePerSecond;
    private final double rampUpSeconds;
    private final long count;
    private final double scale;
    private final SplittableRandom random;
    private long emitted;
    private double coordinate;

    /**
     * @param count         requests to schedule, at least 1
     * @param ratePerSecond target arrivals per second, > 0
     * @param burstiness    gamma shape (only for {@link Process#GAMMA}), > 0
     * @param rampUpSeconds linear ramp length, 0 for none
     */
    ArrivalSchedule(Process process, double ratePerSecond, double burstiness, double rampUpSeconds, long count,
            long seed) {
        this.process = process;
        this.shape = process == Process.POISSON ? 1.0 : burstiness;
        this.ratePerSecond = ratePerSecond;
        this.rampUpSeconds = rampUpSeconds;
        this.count = count;
        SplittableRandom first = new SplittableRandom(seed);
        double sum = 0;
        for (long i = 1; i < count; i++) {
            sum += gap(first);
        }
        this.scale = sum > 0 ? (count - 1) / sum : 1;
        this.random = new SplittableRandom(seed);
    }

    static Process parse(String name) {
        return Process.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    boolean hasNext() {
        return emitted < count;
    }

    /** Offset from the run's start, in nanoseconds, of the next request. */
    long nextOffsetNanos() {
        if (emitted++ > 0) {
            coordinate += gap(random) * scale;
        }
        return Math.round(timeOf(coordinate) * 1e9);
    }

    /** Seconds at which the cumulative intensity reaches {@code c} arrivals. */
    private double timeOf(double c) {
        if (rampUpSeconds <= 0) {
            return c / ratePerSecond;
        }
        double rampArrivals = ratePerSecond * rampUpSeconds / 2;
        if (c <= rampArrivals) {
            return Math.sqrt(2 * rampUpSeconds * c / ratePerSecond);
        }
        return rampUpSeconds + (c - rampArrivals) / ratePerSecond;
    }

    private double gap(SplittableRandom r) {
        return switch (process) {
            case CONSTANT -> 1.0;
            case POISSON -> -Math.log(1.0 - r.nextDouble());
            case GAMMA -> gamma(r, shape) / shape;
        };
    }

    /** Marsaglia and Tsang's method for Gamma(shape, 1); shape < 1 via the boost u^(1/shape). */
    static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            return gamma(r, shape + 1) * Math.pow(1.0 - r.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
