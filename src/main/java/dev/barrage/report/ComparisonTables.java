package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.metrics.PercentileTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The table of differences between two sweeps: runs are paired by load (the same concurrency, or
 * rate), and for each pair the headline metrics of A and B, B − A, and the change in percent,
 * coloured by whether B is better (green) or worse (red) than A.
 */
final class ComparisonTables {
    /** A compared metric: its name, how to read it from a run, and whether more is better. */
    record Metric(String name, ToDoubleFunction<StepResult> value, boolean higherIsBetter, int decimals) {
    }

    static final List<Metric> METRICS = List.of(
            new Metric("RPS (req/s)", r -> r.summary().reqThroughput(), true, 2),
            new Metric("Output tok/s", r -> r.summary().outputThroughput(), true, 1),
            new Metric("Success %", r -> r.summary().successRatePercent(), true, 1),
            new Metric("Avg latency (s)", r -> r.summary().avgLatencyS(), false, 3),
            new Metric("P50 TTFT (ms)", r -> pct(r, PercentileTable.TTFT, "50%"), false, 1),
            new Metric("P99 TTFT (ms)", r -> pct(r, PercentileTable.TTFT, "99%"), false, 1),
            new Metric("P50 TPOT (ms)", r -> pct(r, PercentileTable.TPOT, "50%"), false, 2),
            new Metric("P99 TPOT (ms)", r -> pct(r, PercentileTable.TPOT, "99%"), false, 2),
            new Metric("Avg ITL (ms)", r -> r.summary().avgItlMs(), false, 2),
            new Metric("P99 ITL (ms)", r -> pct(r, PercentileTable.ITL, "99%"), false, 2));

    /** Changes smaller than this (in percent) are shown neutral: noise, not a difference. */
    static final double NEUTRAL_PERCENT = 2;

    private ComparisonTables() {
    }

    private static double pct(StepResult r, String column, String label) {
        return r.percentiles().value(column, label);
    }

    /** Pairs of runs with the same load, in A's order of load. */
    static List<RunDetail[]> pairs(SweepData a, SweepData b) {
        List<RunDetail[]> pairs = new ArrayList<>();
        List<RunDetail> unused = new ArrayList<>(b.byLoad());
        for (RunDetail ra : a.byLoad()) {
            for (RunDetail rb : unused) {
                if (rb.load() == ra.load()) {
                    pairs.add(new RunDetail[] {ra, rb});
                    unused.remove(rb);
                    break;
                }
            }
        }
        return pairs;
    }

    static String differences(SweepData a, SweepData b) {
        List<RunDetail[]> pairs = pairs(a, b);
        if (pairs.isEmpty()) {
            return "<p class=\"note\">The two sweeps share no load level, so no run can be compared one to one;"
                    + " the charts above still overlay them.</p>";
        }
        StringBuilder sb = new StringBuilder("<table class=\"diff\"><thead><tr><th>Load</th><th>Metric</th>"
                + "<th>A</th><th>B</th><th>B &minus; A</th><th>Change</th></tr></thead><tbody>");
        for (RunDetail[] pair : pairs) {
            boolean first = true;
            for (Metric m : METRICS) {
                sb.append("<tr>");
                if (first) {
                    sb.append("<th rowspan=\"").append(METRICS.size()).append("\">").append(Html.esc(pair[0].label()))
                            .append("</th>");
                    first = false;
                }
                row(sb, m, m.value().applyAsDouble(pair[0].result()), m.value().applyAsDouble(pair[1].result()));
                sb.append("</tr>");
            }
        }
        return sb.append("</tbody></table>").toString();
    }

    private static void row(StringBuilder sb, Metric m, double va, double vb) {
        boolean known = valid(va) && valid(vb);
        double delta = vb - va;
        double percent = known && va != 0 ? 100 * delta / Math.abs(va) : Double.NaN;
        String css = !known || Double.isNaN(percent) || Math.abs(percent) < NEUTRAL_PERCENT ? "same"
                : (delta > 0) == m.higherIsBetter() ? "better" : "worse";
        sb.append("<td>").append(Html.esc(m.name())).append("</td>")
                .append("<td class=\"num\">").append(Numbers.fixed(va, m.decimals())).append("</td>")
                .append("<td class=\"num\">").append(Numbers.fixed(vb, m.decimals())).append("</td>")
                .append("<td class=\"num\">").append(known ? signed(delta, m.decimals()) : "-").append("</td>")
                .append("<td class=\"num ").append(css).append("\">")
                .append(Double.isNaN(percent) ? "-" : String.format(Locale.ROOT, "%+.1f %%", percent)).append("</td>");
    }

    private static boolean valid(double v) {
        return !Double.isNaN(v) && v != -1;
    }

    private static String signed(double v, int decimals) {
        String s = Numbers.fixed(Math.abs(v), decimals);
        return (v < 0 ? "&minus;" : "+") + s;
    }

    /** Both overview tables, side by side. */
    static String sideBySide(SweepData a, SweepData b, String nameA, String nameB) {
        return "<div class=\"side\"><div><h3>" + Html.esc(nameA) + "</h3>" + HtmlSections.overview(a.results())
                + HtmlSections.suggestions(a.suggestions()) + "</div><div><h3>" + Html.esc(nameB) + "</h3>"
                + HtmlSections.overview(b.results()) + HtmlSections.suggestions(b.suggestions()) + "</div></div>";
    }
}
