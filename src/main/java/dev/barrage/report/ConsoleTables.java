package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.metrics.FailureMessages;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.Percentiles;
import dev.barrage.metrics.RunSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables printed after each run and after the sweep, in the seed's layout: the summary as a
 * key/value grid, the percentiles as one row per percentile, and the sweep overview.
 */
public final class ConsoleTables {
    /** Summary keys shown elsewhere (their own table, or the run header). */
    private static final Set<String> NOT_IN_SUMMARY_TABLE = Set.of("Failure Causes", "Failure Messages",
            "Response Warnings", "Started At", "Client Verdict", "Client Cause", "Client Reasons", "Client Checks",
            "Goodput Objectives (ms)");

    private ConsoleTables() {
    }

    public static String summary(RunSummary summary) {
        GridTable t = new GridTable(List.of("Key", "Value"), List.of(GridTable.Align.LEFT, GridTable.Align.LEFT));
        for (Map.Entry<String, Object> e : summary.toJsonMap().entrySet()) {
            if (!NOT_IN_SUMMARY_TABLE.contains(e.getKey())) {
                t.row(e.getKey(), Numbers.format(e.getValue()));
            }
        }
        return t.render(GridTable.Style.GRID);
    }

    /**
     * "Failures by cause", then the server's most common messages under it (a count says that
     * requests failed, the message says why); {@code null} when every request succeeded.
     */
    public static String failures(RunSummary summary) {
        if (summary.failureCauses().isEmpty()) {
            return null;
        }
        GridTable t = new GridTable(List.of("Failure cause", "Requests"),
                List.of(GridTable.Align.LEFT, GridTable.Align.RIGHT));
        summary.failureCauses().forEach((cause, n) -> t.row(cause, String.valueOf(n)));
        String table = t.render(GridTable.Style.PRETTY);
        if (summary.failureMessages().isEmpty()) {
            return table;
        }
        return table + (table.endsWith("\n") ? "" : "\n") + "Most common messages per cause (numbers in a message may vary"
                + " within its group):\n" + failureMessages(summary.failureMessages(), "  ");
    }

    /** One line per group: {@code indent}"http_error, HTTP 400, 5 requests: request (2165 tokens) exceeds …". */
    static String failureMessages(List<FailureMessages.Group> groups, String indent) {
        StringBuilder sb = new StringBuilder();
        for (FailureMessages.Group g : groups) {
            sb.append(indent).append(g.errorType());
            if (g.statusCode() > 0) {
                sb.append(", HTTP ").append(g.statusCode());
            }
            sb.append(", ").append(g.requests()).append(g.requests() == 1 ? " request" : " requests");
            sb.append(g.example().isEmpty() ? "" : ": " + g.example()).append('\n');
        }
        return sb.toString();
    }

    public static String percentiles(PercentileTable table) {
        return percentiles(table, List.copyOf(table.columns().keySet()));
    }

    /** The percentile table restricted to {@code columns} (those the table has), in that order. */
    public static String percentiles(PercentileTable table, List<String> columns) {
        List<String> shown = columns.stream().filter(table.columns()::containsKey).toList();
        List<String> headers = new ArrayList<>();
        List<GridTable.Align> aligns = new ArrayList<>();
        headers.add("Percentiles");
        aligns.add(GridTable.Align.LEFT);
        for (String column : shown) {
            headers.add(column);
            aligns.add(GridTable.Align.RIGHT);
        }
        GridTable t = new GridTable(headers, aligns);
        for (String label : Percentiles.LABELS) {
            List<String> row = new ArrayList<>();
            row.add(label);
            for (String column : shown) {
                row.add(Numbers.format(table.value(column, label)));
            }
            t.row(row);
        }
        return t.render(GridTable.Style.PRETTY);
    }

    /** Rows of equal keys as a table, the first row's keys as headers (e.g. speed_benchmark.json). */
    public static String rows(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "(no successful request)";
        }
        List<String> headers = new ArrayList<>(rows.get(0).keySet());
        GridTable t = new GridTable(headers, java.util.Collections.nCopies(headers.size(), GridTable.Align.RIGHT));
        for (Map<String, Object> row : rows) {
            t.row(headers.stream().map(h -> row.get(h) == null ? "-" : Numbers.format(row.get(h))).toList());
        }
        return t.render(GridTable.Style.PRETTY);
    }

    /** The per-conversation table of a multi-turn run ({@code trace_summary.json}'s rows). */
    @SuppressWarnings("unchecked")
    public static String conversations(Map<String, Object> traceSummary) {
        List<String> stats = List.of("mean", "min", "p50", "p90", "p95", "p99", "max");
        List<String> headers = new ArrayList<>(List.of("Per conversation"));
        List<GridTable.Align> aligns = new ArrayList<>(List.of(GridTable.Align.LEFT));
        for (String s : stats) {
            headers.add(s);
            aligns.add(GridTable.Align.RIGHT);
        }
        GridTable t = new GridTable(headers, aligns);
        for (Map<String, Object> row : (List<Map<String, Object>>) traceSummary.get("rows")) {
            if (((Number) row.get("count")).intValue() == 0) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of((String) row.get("metric")));
            for (String s : stats) {
                cells.add(Numbers.format(row.get(s)));
            }
            t.row(cells);
        }
        return t.render(GridTable.Style.PRETTY);
    }

    /** One row per run: the sweep at a glance. */
    public static String overview(List<StepResult> runs, boolean color) {
        GridTable t = new GridTable(
                List.of("Conc.", "Rate", "Num", "RPS", "Gen tok/s", "Avg latency (s)", "P99 TTFT (ms)", "Success %"),
                List.of(GridTable.Align.RIGHT, GridTable.Align.RIGHT, GridTable.Align.RIGHT, GridTable.Align.RIGHT,
                        GridTable.Align.RIGHT, GridTable.Align.RIGHT, GridTable.Align.RIGHT, GridTable.Align.RIGHT));
        for (StepResult r : runs) {
            RunSummary s = r.summary();
            String success = Numbers.fixed(s.successRatePercent(), 1) + (r.interrupted() ? " (interrupted)" : "");
            t.row(r.step().openLoop() ? "INF" : String.valueOf(s.concurrency()),
                    r.step().paced() ? Numbers.format(r.step().rate()) : "-",
                    String.valueOf(s.totalRequests()),
                    Numbers.fixed(s.reqThroughput(), 2), Numbers.fixed(s.outputThroughput(), 1),
                    Numbers.fixed(s.avgLatencyS(), 3),
                    Numbers.fixed(r.percentiles().value(PercentileTable.TTFT, "99%"), 1),
                    color ? colorize(s.successRatePercent(), success) : success);
        }
        return t.render(GridTable.Style.GRID);
    }

    /* evalscope's thresholds: green at 95 % and above, yellow at 80 %, red below. */
    private static String colorize(double percent, String text) {
        String code = percent >= 95 ? "32" : percent >= 80 ? "33" : "31";
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }
}
