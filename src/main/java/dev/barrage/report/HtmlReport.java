package dev.barrage.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.barrage.Version;
import dev.barrage.store.JsonFiles;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code perf_report.html}: one self-contained page (Chart.js, style and data inlined; no network)
 * with the headline figures, suggestions and tables, charts against load, per-run distributions
 * and timelines; and the comparison page of two sweeps. The layout is described in
 * {@code docs/reports.md}. Built from {@link SweepData}, i.e. from the step folders' databases.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "perf_report.html";

    private HtmlReport() {
    }

    /** Writes the sweep's report to {@code perf_report.html} at its root (atomically) and returns the path. */
    public static Path write(SweepData sweep) {
        Path file = sweep.info().root().resolve(FILE_NAME);
        JsonFiles.writeText(file, sweep(sweep));
        return file;
    }

    public static String sweep(SweepData d) {
        String body = "<header><h1>Barrage performance report</h1><p class=\"sub\">" + Html.esc(d.info().title())
                + "</p>" + HtmlSections.basicInfo(d.info(), d.runs().size()) + "</header><main>"
                + section("Findings", HtmlSections.headline(d) + HtmlSections.suggestions(d.suggestions()))
                + section("Overview", HtmlSections.overview(d.results()))
                + charts("Throughput and latency against load", "charts-load",
                        "Where throughput stops growing while latency keeps climbing, the server is at its limit.")
                + charts("Distributions", "charts-dist", "TTFT and ITL of every successful request: histogram"
                        + " (bars) with the cumulative share (line); then all runs' CDFs overlaid.")
                + charts("Timelines", "charts-timeline", "Each run second by second: requests in flight,"
                        + " completions and errors per second, output tokens per second.")
                + section("Runs in detail", HtmlSections.runDetails(d.runs())) + "</main>";
        return page("Barrage report: " + d.info().title(), body, ReportModel.of(List.of(d), List.of(d.info().title())));
    }

    /** Sweep A against sweep B: overlaid charts, both overviews, and the table of differences. */
    public static String comparison(SweepData a, SweepData b) {
        String nameA = "A: " + a.info().title();
        String nameB = "B: " + b.info().title();
        String body = "<header><h1>Barrage comparison</h1><p class=\"sub\">" + Html.esc(nameA) + " &nbsp;vs&nbsp; "
                + Html.esc(nameB) + "</p><div class=\"side\"><div>" + HtmlSections.basicInfo(a.info(), a.runs().size())
                + "</div><div>" + HtmlSections.basicInfo(b.info(), b.runs().size()) + "</div></div></header><main>"
                + section("Differences (runs at the same load)", ComparisonTables.differences(a, b))
                + charts("Throughput and latency against load", "charts-load",
                        "A solid, B dashed.")
                + charts("Distributions", "charts-dist", "CDFs of runs at the same load: A solid, B dashed.")
                + charts("Timelines", "charts-timeline", "Runs at the same load, second by second: A solid, B dashed.")
                + section("Overviews", ComparisonTables.sideBySide(a, b, nameA, nameB)) + "</main>";
        return page("Barrage comparison: " + a.info().title() + " vs " + b.info().title(), body,
                ReportModel.of(List.of(a, b), List.of("A", "B")));
    }

    private static String section(String title, String content) {
        return "<section><h2>" + Html.esc(title) + "</h2>" + content + "</section>";
    }

    private static String charts(String title, String id, String note) {
        return "<section><h2>" + Html.esc(title) + "</h2><p class=\"note\">" + Html.esc(note)
                + "</p><div class=\"grid\" id=\"" + id + "\"></div></section>";
    }

    private static String page(String title, String body, Map<String, Object> model) {
        String data;
        try {
            data = JsonFiles.mapper().writer().withoutFeatures(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report data not serialisable", e);
        }
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"icon\" href=\"data:,\"><meta name=\"generator\" content=\"Barrage " + Html.esc(Version.get()) + "\">"
                + "<title>" + Html.esc(title) + "</title><style>" + Assets.reportCss() + "</style></head><body>"
                + body + "<footer>Generated by Barrage " + Html.esc(Version.get()) + " on "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " from the runs' benchmark_data.db files."
                + " Every number is defined in Barrage's docs/metrics.md. Charts: Chart.js " + Assets.CHART_JS_VERSION
                + " (MIT licence), inlined.</footer>"
                + "<script type=\"application/json\" id=\"barrage-data\">" + Html.jsonSafe(data) + "</script>\n"
                + "<script>" + Html.scriptSafe(Assets.chartJs()) + "</script>\n"
                + "<script>" + Html.scriptSafe(Assets.reportJs()) + "</script></body></html>\n";
    }
}
