package dev.barrage.metrics.views;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One view of one run, as {@code benchmark_summary_<view>.json} holds it.
 *
 * @param view    the view's name
 * @param tool    the tool whose definitions these are
 * @param source  where the definitions were read
 * @param figures the row of the side-by-side tables (performance_summary.txt, the HTML report)
 * @param metrics the tool's own figures under the tool's own key names and units, as it writes
 *                its result file; {@code null} where the tool's figure is undefined
 */
public record ViewResult(String view, String tool, String source, ViewFigures figures, Map<String, Object> metrics) {
    public ViewResult {
        metrics = new LinkedHashMap<>(metrics);
    }

    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("View", view);
        m.put("Tool", tool);
        m.put("Source", source);
        m.put("Definitions", "docs/metrics.md, Metric views");
        m.put("Figures", figures.toJsonMap());
        m.put("Metrics", metrics);
        return m;
    }
}
