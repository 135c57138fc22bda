package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.metrics.views.MetricViews;
import dev.barrage.store.ViewFiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's "Metric views" section: a switch between Barrage's native figures and each view
 * the runs have ({@code benchmark_summary_<view>.json}), one table of the runs per choice. The
 * switch is radio buttons and CSS, so it works where scripts are blocked.
 */
final class MetricViewHtml {
    private static final String NATIVE_ID = "native";

    private MetricViewHtml() {
    }

    /** The section; empty when no run has a view. */
    static String section(List<RunDetail> runs) {
        Map<String, List<List<String>>> rowsByView = new LinkedHashMap<>();
        Map<String, String> tools = new LinkedHashMap<>();
        List<List<String>> nativeRows = new ArrayList<>();
        for (RunDetail run : runs) {
            StepResult r = run.result();
            List<ViewFiles.Stored> stored = ViewFiles.read(r.folder());
            if (stored.isEmpty()) {
                continue;
            }
            nativeRows.add(MetricViewTables.row(run.label(), r));
            for (ViewFiles.Stored v : stored) {
                tools.put(v.view(), v.tool());
                rowsByView.computeIfAbsent(v.view(), k -> new ArrayList<>()).add(MetricViewTables.row(run.label(),
                        v.figures()));
            }
        }
        if (rowsByView.isEmpty()) {
            return "";
        }
        List<String> headers = new ArrayList<>();
        headers.add("Run");
        headers.addAll(MetricViewTables.FIGURE_HEADERS);
        StringBuilder css = new StringBuilder(".mviews>input{position:absolute;opacity:0}"
                + ".mviews>label{display:inline-block;padding:.3em .8em;margin:0 .3em .5em 0;border:1px solid #bbb;"
                + "border-radius:4px;cursor:pointer}.mviews>.mview{display:none}");
        StringBuilder inputs = new StringBuilder();
        StringBuilder panels = new StringBuilder();
        addChoice(NATIVE_ID, MetricViewTables.NATIVE, "Barrage's own definitions (docs/metrics.md), as in the"
                + " tables above.", Html.table("mview-table", headers, nativeRows), true, css, inputs, panels);
        for (String view : MetricViews.names()) {
            if (rowsByView.containsKey(view)) {
                addChoice(view, tools.get(view), "The same requests with " + tools.get(view) + "'s definitions; a"
                        + " column holds what that tool calls by its name (docs/metrics.md, Metric views).",
                        Html.table("mview-table", headers, rowsByView.get(view)), false, css, inputs, panels);
            }
        }
        return "<section><h2>Metric views</h2><p class=\"note\">Other tools' definitions of TTFT, TPOT, ITL,"
                + " latency and throughput, computed from the same per-request records (--metric-view). Pick one to"
                + " compare with the numbers that tool gave you.</p><div class=\"mviews\"><style>" + css + "</style>"
                + inputs + panels + "</div></section>";
    }

    private static void addChoice(String id, String label, String note, String table, boolean checked,
            StringBuilder css, StringBuilder inputs, StringBuilder panels) {
        css.append("#mv-").append(id).append(":checked~#mvp-").append(id).append("{display:block}")
                .append("#mv-").append(id).append(":checked+label{background:#e8eefc;border-color:#4a6fd8}");
        inputs.append("<input type=\"radio\" name=\"mview\" id=\"mv-").append(id).append('"')
                .append(checked ? " checked" : "").append("><label for=\"mv-").append(id).append("\">")
                .append(Html.esc(label)).append("</label>");
        panels.append("<div class=\"mview\" id=\"mvp-").append(id).append("\"><p class=\"note\">").append(Html.esc(note))
                .append("</p>").append(table).append("</div>");
    }
}
