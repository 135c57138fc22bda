package dev.barrage.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well the run kept to its load model, and the latency a user arriving on schedule would
 * have seen (coordinated-omission corrected). Definitions: {@code docs/metrics.md}, "Intended
 * send time". Averages are -1 when there was nothing to average.
 *
 * @param achievedRate           (sent − 1) / (last send − first send), requests per second; -1 with fewer than 2
 * @param warmupRequests         requests sent before the measured ones and left out of every figure
 * @param droppedRequests        open loop: sends skipped because --max-in-flight requests were outstanding
 * @param avgScheduleLagMs       mean of actual − intended send
 * @param p99ScheduleLagMs       99th percentile of the same
 * @param avgQueueTimeMs         mean wait for a concurrency slot after the intended send time
 * @param avgTtftFromIntendedMs  mean of first token − intended send
 * @param avgLatencyFromIntendedS mean of end − intended send
 */
public record ScheduleStats(double achievedRate, int warmupRequests, int droppedRequests, double avgScheduleLagMs,
        double p99ScheduleLagMs, double avgQueueTimeMs, double avgTtftFromIntendedMs, double avgLatencyFromIntendedS) {

    Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Achieved Rate (req/s)", Rounding.round4(achievedRate));
        m.put("Warm-up Requests", warmupRequests);
        m.put("Dropped Requests", droppedRequests);
        m.put("Avg Schedule Lag (ms)", Rounding.round4(avgScheduleLagMs));
        m.put("P99 Schedule Lag (ms)", Rounding.round4(p99ScheduleLagMs));
        m.put("Avg Queue Time (ms)", Rounding.round4(avgQueueTimeMs));
        m.put("Avg TTFT from Intended (ms)", Rounding.round4(avgTtftFromIntendedMs));
        m.put("Avg Latency from Intended (s)", Rounding.round4(avgLatencyFromIntendedS));
        return m;
    }
}
