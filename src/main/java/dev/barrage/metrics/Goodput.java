package dev.barrage.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests that met every service-level objective, as vLLM defines goodput: a successful request
 * counts when its TTFT, TPOT and end-to-end latency (milliseconds) are each at or below the
 * objectives given; a reply of one token has TPOT 0. Goodput is their number per second of Test
 * Duration.
 *
 * @param objectivesMs  the objectives: any of "ttft", "tpot", "e2el", in milliseconds
 * @param goodRequests  requests meeting all of them
 * @param perSecond     goodRequests / Test Duration
 * @param percent       goodRequests / Total Requests × 100
 */
public record Goodput(Map<String, Double> objectivesMs, int goodRequests, double perSecond, double percent) {
    public Goodput {
        objectivesMs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(objectivesMs));
    }

    /** True when {@code r}, a successful request, meets every objective. */
    static boolean meets(RequestRecord r, Map<String, Double> objectivesMs) {
        for (Map.Entry<String, Double> e : objectivesMs.entrySet()) {
            double valueMs = switch (e.getKey()) {
                case "ttft" -> (r.ttftNanos() >= 0 ? r.ttftNanos() : r.latencyNanos()) / 1e6;
                case "tpot" -> Double.isNaN(r.tpotNanos()) ? 0 : r.tpotNanos() / 1e6;
                case "e2el" -> r.latencyNanos() / 1e6;
                default -> throw new IllegalArgumentException("unknown objective " + e.getKey());
            };
            if (valueMs > e.getValue()) {
                return false;
            }
        }
        return true;
    }

    Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Goodput Objectives (ms)", objectivesMs);
        m.put("Good Requests", goodRequests);
        m.put("Goodput (req/s)", Rounding.round4(perSecond));
        m.put("Goodput (%)", Rounding.round(percent, 2));
        return m;
    }
}
