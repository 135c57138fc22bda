package dev.barrage.metrics.views;

import java.util.List;
import java.util.Map;

/**
 * The figures vLLM's and SGLang's serving benchmarks compute alike (SGLang's began as a copy of
 * vLLM's): numpy statistics of a metric under {@code <stat>_<metric>_ms} keys, and the peak
 * output rate over one-second buckets.
 */
final class ServeStats {
    private ServeStats() {
    }

    /**
     * {@code mean_<metric>_ms}, {@code median_<metric>_ms}, {@code std_<metric>_ms} and
     * {@code p<P>_<metric>_ms}, of {@code values or 0} (an empty list reads 0, as in numpy).
     */
    static void put(Map<String, Object> m, String metric, Samples valuesMs, int... percents) {
        putStats(m, metric, valuesMs.orZero(), percents);
    }

    /** As {@link #put}, but an empty list gives nulls (numpy's NaN): for lists the tool passes without {@code or 0}. */
    static void putOrNull(Map<String, Object> m, String metric, Samples valuesMs, int... percents) {
        putStats(m, metric, valuesMs, percents);
    }

    private static void putStats(Map<String, Object> m, String metric, Samples s, int[] percents) {
        m.put("mean_" + metric + "_ms", Json.num(s.mean()));
        m.put("median_" + metric + "_ms", Json.num(s.percentile(50)));
        m.put("std_" + metric + "_ms", Json.num(s.std()));
        for (int p : percents) {
            m.put("p" + p + "_" + metric + "_ms", Json.num(s.percentile(p)));
        }
    }

    /**
     * {@code max_output_tokens_per_s}: one-second buckets from the first success's send, each
     * counting the events whose time falls in it (one per streamed chunk: the tools rebuild the
     * times from TTFT and the chunk gaps, not from token counts), over
     * {@code ceil(last end - first send) + 1} buckets.
     *
     * @param eventTimes per success, its event times (nanoTime)
     */
    static double peakEventsPerSecond(List<long[]> eventTimes, long firstSendNanos, long lastEndNanos) {
        if (eventTimes.isEmpty()) {
            return 0;
        }
        int buckets = (int) Math.ceil(Timing.seconds(firstSendNanos, lastEndNanos)) + 1;
        double[] counts = new double[buckets];
        for (long[] times : eventTimes) {
            for (long t : times) {
                int bucket = (int) Math.floor(Timing.seconds(firstSendNanos, t));
                if (bucket >= 0 && bucket < buckets) {
                    counts[bucket]++;
                }
            }
        }
        double max = 0;
        for (double c : counts) {
            max = Math.max(max, c);
        }
        return max;
    }
}
