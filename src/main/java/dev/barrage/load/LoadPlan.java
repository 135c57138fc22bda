package dev.barrage.load;

import dev.barrage.config.Arguments;

/**
 * The load model of one run, resolved from the arguments: how many requests, how they are paced
 * and capped, and when the run stops sending.
 *
 * @param parallel      most requests in flight; -1 = no cap (open loop)
 * @param warmup        requests sent first and left out of every figure
 * @param number        measured requests
 * @param rate          arrivals per second; -1 = unpaced (closed loop)
 * @param process       arrival process when paced
 * @param burstiness    gamma shape when {@code process} is GAMMA
 * @param rampUpNanos   linear ramp of the rate (paced) or of the concurrency (closed loop); 0 = none
 * @param durationNanos stop sending this long after the start; 0 = no limit
 * @param maxInFlight   open loop: sends beyond this many outstanding requests are dropped
 * @param seed          seed of the arrival schedule
 */
record LoadPlan(int parallel, int warmup, int number, double rate, ArrivalSchedule.Process process,
        double burstiness, long rampUpNanos, long durationNanos, int maxInFlight, long seed) {

    static LoadPlan of(Arguments args, Arguments.Step step, long seed) {
        return new LoadPlan(step.parallel(), args.warmupCount(step.number()), step.number(), step.rate(),
                ArrivalSchedule.parse(args.arrival()), args.burstiness(), nanos(args.rampUp()), nanos(args.duration()),
                args.maxInFlight(), seed);
    }

    private static long nanos(Double seconds) {
        return seconds == null ? 0 : Math.round(seconds * 1e9);
    }

    boolean paced() {
        return rate > 0;
    }

    boolean capped() {
        return parallel > 0;
    }

    int total() {
        return warmup + number;
    }

    /** Connections no run opens at once ahead of time, however large: beyond this they open on demand. */
    static final int MAX_PRECONNECT = 4096;

    /**
     * How many connections to open before the clock starts: as many as requests can be in flight
     * at once when the run is capped; for an open loop, the arrivals of one second (at least 1)
     * up to {@code --max-in-flight}; never more than requests will be sent.
     */
    int connectionsToOpen() {
        long wanted = capped() ? parallel : paced() ? (long) Math.ceil(rate) : 64;
        return (int) Math.max(1, Math.min(Math.min(wanted, total()), Math.min(maxInFlight, MAX_PRECONNECT)));
    }
}
