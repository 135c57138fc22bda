package dev.barrage.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run figure named the way thresholds and SLA criteria name it, in the unit it is printed in:
 * <ul>
 *   <li>{@code rps} (req/s), {@code tps} or {@code output_tps} (output tok/s), {@code total_tps},
 *       {@code achieved_rate} (req/s), {@code goodput} (req/s);</li>
 *   <li>{@code success_rate}, {@code error_rate}, {@code goodput_rate}: fractions in [0, 1];</li>
 *   <li>{@code <stat>_<metric>}: stat is {@code avg}, {@code min}, {@code max} or {@code p1} …
 *       {@code p99} (the percentile rows), metric is {@code ttft}, {@code tpot}, {@code itl},
 *       {@code ttft_intended}, {@code schedule_lag}, {@code queue_time} (ms), {@code latency}
 *       (alias {@code e2el}) or {@code latency_intended} (s), {@code input_tokens},
 *       {@code output_tokens}.</li>
 * </ul>
 */
public final class MetricSelector {
    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("ttft", PercentileTable.TTFT),
            Map.entry("tpot", PercentileTable.TPOT),
            Map.entry("itl", PercentileTable.ITL),
            Map.entry("latency", PercentileTable.LATENCY),
            Map.entry("e2el", PercentileTable.LATENCY),
            Map.entry("input_tokens", PercentileTable.INPUT_TOKENS),
            Map.entry("output_tokens", PercentileTable.OUTPUT_TOKENS),
            Map.entry("ttft_intended", PercentileTable.TTFT_FROM_INTENDED),
            Map.entry("latency_intended", PercentileTable.LATENCY_FROM_INTENDED),
            Map.entry("schedule_lag", PercentileTable.SCHEDULE_LAG),
            Map.entry("queue_time", PercentileTable.QUEUE_TIME));
    private static final List<String> RUN_FIGURES = List.of("rps", "tps", "output_tps", "total_tps", "achieved_rate",
            "goodput", "success_rate", "error_rate", "goodput_rate");

    private final String name;
    private final String stat;
    private final String column;

    private MetricSelector(String name, String stat, String column) {
        this.name = name;
        this.stat = stat;
        this.column = column;
    }

    /** @throws IllegalArgumentException naming the accepted forms */
    public static MetricSelector parse(String raw) {
        String name = raw.trim().toLowerCase(Locale.ROOT);
        if (RUN_FIGURES.contains(name)) {
            return new MetricSelector(name, null, null);
        }
        int underscore = name.indexOf('_');
        if (underscore > 0) {
            String stat = name.substring(0, underscore);
            String column = COLUMNS.get(name.substring(underscore + 1));
            if (column != null && (stat.equals("avg") || stat.equals("min") || stat.equals("max") || percentLabel(stat) != null)) {
                return new MetricSelector(name, stat, column);
            }
        }
        throw new IllegalArgumentException("unknown metric '" + raw + "': use rps, tps, total_tps, achieved_rate,"
                + " goodput, success_rate, error_rate, goodput_rate, or <avg|min|max|p50|p90|p95|p99…>_<ttft|tpot|itl|"
                + "latency|ttft_intended|latency_intended|schedule_lag|queue_time|input_tokens|output_tokens>");
    }

    private static String percentLabel(String stat) {
        if (!stat.startsWith("p")) {
            return null;
        }
        String label = stat.substring(1) + "%";
        return Percentiles.LABELS.contains(label) ? label : null;
    }

    public String name() {
        return name;
    }

    /** The unit a figure is printed in, so a threshold limit given in another unit can be converted. */
    public enum Unit {
        MILLISECONDS, SECONDS,
        /** success_rate, error_rate, goodput_rate: in [0, 1]. */
        FRACTION,
        /** Counts and per-second rates: no unit a limit could be written in. */
        PLAIN
    }

    public Unit unit() {
        if (column != null) {
            return column.endsWith("(ms)") ? Unit.MILLISECONDS : column.endsWith("(s)") ? Unit.SECONDS : Unit.PLAIN;
        }
        return name.endsWith("_rate") && !name.equals("achieved_rate") ? Unit.FRACTION : Unit.PLAIN;
    }

    /** The figure for one run; NaN when the run has no data for it. */
    public double valueOf(RunSummary s, PercentileTable p) {
        if (stat == null) {
            return runFigure(s);
        }
        if (stat.equals("avg")) {
            return average(s, p);
        }
        String label = stat.equals("min") ? "min" : stat.equals("max") ? "max" : percentLabel(stat);
        return p.value(column, label);
    }

    private double runFigure(RunSummary s) {
        double total = s.totalRequests();
        return switch (name) {
            case "rps" -> s.reqThroughput();
            case "tps", "output_tps" -> s.outputThroughput();
            case "total_tps" -> s.totalThroughput();
            case "achieved_rate" -> s.schedule() == null ? Double.NaN : s.schedule().achievedRate();
            case "goodput" -> s.goodput() == null ? Double.NaN : s.goodput().perSecond();
            case "goodput_rate" -> s.goodput() == null ? Double.NaN : s.goodput().percent() / 100;
            case "success_rate" -> total == 0 ? Double.NaN : s.successRequests() / total;
            case "error_rate" -> total == 0 ? Double.NaN : s.failedRequests() / total;
            default -> throw new IllegalStateException(name);
        };
    }

    private double average(RunSummary s, PercentileTable p) {
        double v = switch (column) {
            case PercentileTable.TTFT -> s.avgTtftMs();
            case PercentileTable.TPOT -> s.avgTpotMs();
            case PercentileTable.ITL -> s.avgItlMs();
            case PercentileTable.LATENCY -> s.avgLatencyS();
            case PercentileTable.INPUT_TOKENS -> s.avgInputTokens();
            case PercentileTable.OUTPUT_TOKENS -> s.avgOutputTokens();
            case PercentileTable.TTFT_FROM_INTENDED -> s.schedule() == null ? -1 : s.schedule().avgTtftFromIntendedMs();
            case PercentileTable.LATENCY_FROM_INTENDED -> s.schedule() == null ? -1 : s.schedule().avgLatencyFromIntendedS();
            case PercentileTable.SCHEDULE_LAG -> s.schedule() == null ? -1 : s.schedule().avgScheduleLagMs();
            case PercentileTable.QUEUE_TIME -> s.schedule() == null ? -1 : s.schedule().avgQueueTimeMs();
            default -> -1;
        };
        return v == -1 ? Double.NaN : v;
    }

    /** The percentile this selector reads (e.g. 99 for p99_ttft), or -1 for averages and run figures. */
    public double percentile() {
        if (stat == null || stat.equals("avg")) {
            return -1;
        }
        return stat.equals("min") ? 0 : stat.equals("max") ? 100 : Double.parseDouble(stat.substring(1));
    }

    @Override
    public String toString() {
        return name;
    }
}
