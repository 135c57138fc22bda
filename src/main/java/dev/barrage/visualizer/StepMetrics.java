package dev.barrage.visualizer;

import dev.barrage.StepResult;
import dev.barrage.metrics.PercentileTable;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The numbers every visualizer logs for one sweep step, under names every backend accepts
 * (letters, digits, '_', '/'; MLflow refuses parentheses): the summary's numeric keys as
 * {@code summary/<snake_case>} ("Avg TTFT (ms)" becomes {@code summary/avg_ttft_ms}) and the
 * 50th, 90th and 99th percentiles of TTFT, ITL, TPOT and latency as
 * {@code percentile/<column>_p<N>} ({@code percentile/ttft_ms_p99}). Values with no data (−1,
 * NaN) are left out rather than logged as numbers.
 */
public final class StepMetrics {
    private static final Set<String> NOT_NUMBERS = Set.of("Failure Causes", "Started At");
    private static final String[] COLUMNS = {PercentileTable.TTFT, PercentileTable.ITL, PercentileTable.TPOT,
            PercentileTable.LATENCY};
    private static final String[] LABELS = {"50%", "90%", "99%"};

    private StepMetrics() {
    }

    public static Map<String, Double> of(StepResult step) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : step.summary().toJsonMap().entrySet()) {
            if (!NOT_NUMBERS.contains(e.getKey()) && e.getValue() instanceof Number n) {
                put(m, "summary/" + snake(e.getKey()), n.doubleValue());
            }
        }
        for (String column : COLUMNS) {
            for (String label : LABELS) {
                put(m, "percentile/" + snake(column) + "_p" + label.replace("%", ""),
                        step.percentiles().value(column, label));
            }
        }
        return m;
    }

    /** "Req Throughput (req/s)" → "req_throughput_req_per_s"; "Success Rate (%)" → "success_rate_pct". */
    static String snake(String key) {
        String s = key.toLowerCase(Locale.ROOT).replace("%", "pct").replace("/", "_per_");
        return s.replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    private static void put(Map<String, Double> m, String key, double v) {
        if (!Double.isNaN(v) && !Double.isInfinite(v) && v != -1) {
            m.put(key, v);
        }
    }
}
