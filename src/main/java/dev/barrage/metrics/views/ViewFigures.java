package dev.barrage.metrics.views;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures every view has, under the names its tool gives them, for the tables that put the
 * views side by side. A tool's "ITL" and "TPOT" are whatever that tool calls so (AIPerf's ITL is
 * vLLM's TPOT formula, GuideLLM's TPOT includes the first token): the columns compare names a user
 * carries from each tool, not one quantity. NaN where the tool has no such figure (AIPerf has no
 * TPOT) or nothing was measured.
 *
 * @param completed requests the tool counts as completed (its throughput's numerator)
 * @param failed    requests the tool counts as failed or errored
 */
public record ViewFigures(double durationS, int completed, int failed, double ttftAvgMs, double ttftP99Ms,
        double tpotAvgMs, double tpotP99Ms, double itlAvgMs, double itlP99Ms, double latencyAvgS, double latencyP99S,
        double requestThroughput, double outputThroughput) {

    static final String DURATION = "Duration (s)";
    static final String COMPLETED = "Completed";
    static final String FAILED = "Failed";
    static final String TTFT_AVG = "TTFT avg (ms)";
    static final String TTFT_P99 = "TTFT p99 (ms)";
    static final String TPOT_AVG = "TPOT avg (ms)";
    static final String TPOT_P99 = "TPOT p99 (ms)";
    static final String ITL_AVG = "ITL avg (ms)";
    static final String ITL_P99 = "ITL p99 (ms)";
    static final String LATENCY_AVG = "Latency avg (s)";
    static final String LATENCY_P99 = "Latency p99 (s)";
    static final String REQUEST_THROUGHPUT = "Req/s";
    static final String OUTPUT_THROUGHPUT = "Output tok/s";

    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DURATION, Json.num(durationS));
        m.put(COMPLETED, completed);
        m.put(FAILED, failed);
        m.put(TTFT_AVG, Json.num(ttftAvgMs));
        m.put(TTFT_P99, Json.num(ttftP99Ms));
        m.put(TPOT_AVG, Json.num(tpotAvgMs));
        m.put(TPOT_P99, Json.num(tpotP99Ms));
        m.put(ITL_AVG, Json.num(itlAvgMs));
        m.put(ITL_P99, Json.num(itlP99Ms));
        m.put(LATENCY_AVG, Json.num(latencyAvgS));
        m.put(LATENCY_P99, Json.num(latencyP99S));
        m.put(REQUEST_THROUGHPUT, Json.num(requestThroughput));
        m.put(OUTPUT_THROUGHPUT, Json.num(outputThroughput));
        return m;
    }

    /** Back from {@link #toJsonMap()}'s shape (as read from a file); a missing or null value is NaN. */
    public static ViewFigures fromJsonMap(Map<String, ?> m) {
        return new ViewFigures(value(m, DURATION), (int) value(m, COMPLETED), (int) value(m, FAILED),
                value(m, TTFT_AVG), value(m, TTFT_P99), value(m, TPOT_AVG), value(m, TPOT_P99), value(m, ITL_AVG),
                value(m, ITL_P99), value(m, LATENCY_AVG), value(m, LATENCY_P99), value(m, REQUEST_THROUGHPUT),
                value(m, OUTPUT_THROUGHPUT));
    }

    private static double value(Map<String, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
