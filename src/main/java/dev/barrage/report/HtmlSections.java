package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.Percentiles;
import dev.barrage.metrics.RunSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The parts of the report that need no script: headline figures, suggestions and tables. They
 * are plain HTML, so the numbers can be read (and copied) even where scripts are blocked.
 */
final class HtmlSections {
    private HtmlSections() {
    }

    static String basicInfo(SweepInfo info, int runs) {
        return "<dl class=\"info\">" + item("Model", info.model()) + item("Target", info.target())
                + item("Dataset", info.dataset()) + item("Streaming", String.valueOf(info.stream()))
                + item("Runs", String.valueOf(runs)) + item("Folder", info.root().toString()) + "</dl>";
    }

    private static String item(String key, String value) {
        return "<div><dt>" + Html.esc(key) + "</dt><dd>" + Html.esc(value) + "</dd></div>";
    }

    /** The figures a reader wants first: peak throughput, best latency, lowest TTFT tail, success. */
    static String headline(SweepData d) {
        List<StepResult> ok = d.results().stream().filter(r -> r.summary().successRequests() > 0).toList();
        if (ok.isEmpty()) {
            return "<div class=\"kpis\"><div class=\"kpi bad\"><b>0</b><span>requests succeeded</span></div></div>";
        }
        RunSummary peak = ok.stream().max(Comparator.comparingDouble(r -> r.summary().reqThroughput())).get().summary();
        RunSummary fastest = ok.stream().min(Comparator.comparingDouble(r -> r.summary().avgLatencyS())).get().summary();
        StepResult bestTtft = ok.stream().min(Comparator.comparingDouble(
                r -> r.percentiles().value(PercentileTable.TTFT, "99%"))).get();
        int total = d.results().stream().mapToInt(r -> r.summary().totalRequests()).sum();
        int success = d.results().stream().mapToInt(r -> r.summary().successRequests()).sum();
        double successPct = total == 0 ? 0 : 100.0 * success / total;
        return "<div class=\"kpis\">"
                + kpi(Numbers.fixed(peak.reqThroughput(), 2) + " req/s", "peak throughput, at concurrency "
                        + peak.concurrency() + " (" + Numbers.fixed(peak.outputThroughput(), 1) + " output tok/s)", "")
                + kpi(Numbers.fixed(fastest.avgLatencyS(), 3) + " s", "best average latency, at concurrency "
                        + fastest.concurrency(), "")
                + kpi(Numbers.fixed(bestTtft.percentiles().value(PercentileTable.TTFT, "99%"), 1) + " ms",
                        "lowest p99 TTFT, at concurrency " + bestTtft.summary().concurrency(), "")
                + kpi(Numbers.fixed(successPct, 1) + " %", success + " of " + total + " requests succeeded",
                        successPct >= 95 ? "good" : successPct >= 80 ? "warn" : "bad")
                + "</div>";
    }

    private static String kpi(String value, String caption, String cssClass) {
        return "<div class=\"kpi " + cssClass + "\"><b>" + Html.esc(value) + "</b><span>" + Html.esc(caption)
                + "</span></div>";
    }

    static String suggestions(List<String> suggestions) {
        StringBuilder sb = new StringBuilder("<ul class=\"suggestions\">");
        for (String s : suggestions) {
            sb.append("<li>").append(Html.esc(s)).append("</li>");
        }
        return sb.append("</ul>").toString();
    }

    static final List<String> OVERVIEW_HEADERS = List.of("Conc.", "Num", "Success %", "RPS", "Output tok/s",
            "Avg latency (s)", "P50 TTFT (ms)", "P99 TTFT (ms)", "P50 TPOT (ms)", "P99 TPOT (ms)", "Avg ITL (ms)",
            "P99 ITL (ms)");

    /** One row per run, in the order they ran. */
    static String overview(List<StepResult> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (StepResult r : runs) {
            rows.add(overviewRow(r));
        }
        return Html.table("overview", OVERVIEW_HEADERS, rows);
    }

    static List<String> overviewRow(StepResult r) {
        RunSummary s = r.summary();
        PercentileTable p = r.percentiles();
        return List.of(Html.num(String.valueOf(s.concurrency())), Html.num(String.valueOf(s.totalRequests())),
                Html.num(Numbers.fixed(s.successRatePercent(), 1) + (r.interrupted() ? " (interrupted)" : "")),
                Html.num(Numbers.fixed(s.reqThroughput(), 2)), Html.num(Numbers.fixed(s.outputThroughput(), 1)),
                Html.num(Numbers.fixed(s.avgLatencyS(), 3)),
                Html.num(Numbers.fixed(p.value(PercentileTable.TTFT, "50%"), 1)),
                Html.num(Numbers.fixed(p.value(PercentileTable.TTFT, "99%"), 1)),
                Html.num(Numbers.fixed(p.value(PercentileTable.TPOT, "50%"), 2)),
                Html.num(Numbers.fixed(p.value(PercentileTable.TPOT, "99%"), 2)),
                Html.num(Numbers.fixed(s.avgItlMs(), 2)),
                Html.num(Numbers.fixed(p.value(PercentileTable.ITL, "99%"), 2)));
    }

    /** Each run's full summary and percentile table, folded. */
    static String runDetails(List<RunDetail> runs) {
        StringBuilder sb = new StringBuilder();
        for (RunDetail r : runs) {
            sb.append("<details><summary>").append(Html.esc(r.label()))
                    .append(r.result().interrupted() ? " (interrupted)" : "").append(" &mdash; ")
                    .append(Html.esc(r.result().folder().getFileName().toString())).append("</summary>")
                    .append("<div class=\"detail\">").append(summaryTable(r.result().summary()))
                    .append(percentileTable(r.result().percentiles())).append("</div></details>");
        }
        return sb.toString();
    }

    private static String summaryTable(RunSummary s) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Object> e : s.toJsonMap().entrySet()) {
            rows.add(List.of(e.getKey(), Html.num(Numbers.format(e.getValue()))));
        }
        return Html.table("summary", List.of("Key", "Value"), rows);
    }

    private static String percentileTable(PercentileTable t) {
        List<String> headers = new ArrayList<>();
        headers.add("Percentiles");
        headers.addAll(t.columns().keySet());
        List<List<String>> rows = new ArrayList<>();
        for (String label : Percentiles.LABELS) {
            List<String> row = new ArrayList<>();
            row.add(label);
            for (String column : t.columns().keySet()) {
                row.add(Html.num(Numbers.format(t.value(column, label))));
            }
            rows.add(row);
        }
        return Html.table("percentiles", headers, rows);
    }
}
