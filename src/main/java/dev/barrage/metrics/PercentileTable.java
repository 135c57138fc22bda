package dev.barrage.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-run percentile table: one column per metric, one row per entry of
 * {@link Percentiles#LABELS}. A column with no samples holds {@code null}s.
 *
 * @param columns metric name (with unit, e.g. "TTFT (ms)") to its values in label order
 */
public record PercentileTable(Map<String, double[]> columns) {
    public static final String TTFT = "TTFT (ms)";
    public static final String ITL = "ITL (ms)";
    public static final String TPOT = "TPOT (ms)";
    public static final String LATENCY = "Latency (s)";
    public static final String INPUT_TOKENS = "Input tokens";
    public static final String OUTPUT_TOKENS = "Output tokens";
    public static final String OUTPUT_THROUGHPUT = "Output (tok/s)";
    public static final String TOTAL_THROUGHPUT = "Total (tok/s)";
    public static final String TTFT_FROM_INTENDED = "TTFT from intended (ms)";
    public static final String LATENCY_FROM_INTENDED = "Latency from intended (s)";
    public static final String SCHEDULE_LAG = "Schedule lag (ms)";
    public static final String QUEUE_TIME = "Queue time (ms)";
    /** Column order: evalscope's columns, then Barrage's. */
    public static final List<String> COLUMNS = List.of(TTFT, ITL, TPOT, LATENCY, INPUT_TOKENS, OUTPUT_TOKENS,
            OUTPUT_THROUGHPUT, TOTAL_THROUGHPUT, TTFT_FROM_INTENDED, LATENCY_FROM_INTENDED, SCHEDULE_LAG, QUEUE_TIME);
    /** evalscope's columns: the console's main percentile table. */
    public static final List<String> EVALSCOPE_COLUMNS = COLUMNS.subList(0, 8);

    public PercentileTable {
        columns = new LinkedHashMap<>(columns);
    }

    /** The value of {@code column} at {@code label} ("99%", "max", ...), or NaN. */
    public double value(String column, String label) {
        double[] values = columns.get(column);
        int row = Percentiles.LABELS.indexOf(label);
        return values == null || row < 0 ? Double.NaN : values[row];
    }

    /**
     * {@code benchmark_percentile.json}'s shape: a list of row objects, each with "Percentiles" and
     * one key per column, values rounded to 4 decimals ({@code null} where there is no data).
     */
    public List<Map<String, Object>> toRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < Percentiles.LABELS.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Percentiles", Percentiles.LABELS.get(i));
            for (Map.Entry<String, double[]> e : columns.entrySet()) {
                double[] v = e.getValue();
                row.put(e.getKey(), v == null ? null : Rounding.round4(v[i]));
            }
            rows.add(row);
        }
        return rows;
    }
}
