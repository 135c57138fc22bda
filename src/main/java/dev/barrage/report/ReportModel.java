package dev.barrage.report;

import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.Rounding;
import dev.barrage.metrics.RunSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers the report's charts draw, as one JSON object embedded in the page
 * ({@code <script type="application/json" id="barrage-data">}); {@code report.js} reads it.
 * Units are in the key names' documentation in {@code docs/reports.md}: ms for TTFT/TPOT/ITL, s
 * for latency and time, per second for rates. Missing values are {@code null}.
 */
final class ReportModel {
    private static final String[][] PERCENTILE_METRICS = {
            {"ttft", PercentileTable.TTFT}, {"tpot", PercentileTable.TPOT}, {"itl", PercentileTable.ITL},
            {"latency", PercentileTable.LATENCY}};

    private ReportModel() {
    }

    /** @param sweeps one sweep for a report, two (A then B) for a comparison */
    static Map<String, Object> of(List<SweepData> sweeps, List<String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", sweeps.size() == 1 ? "sweep" : "comparison");
        boolean paced = sweeps.stream().flatMap(s -> s.runs().stream()).anyMatch(r -> r.result().summary().requestRate() > 0);
        m.put("xLabel", paced ? "Request rate (req/s)" : "Concurrency (requests in flight)");
        m.put("cdfPercents", Distribution.CDF_PERCENTS);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < sweeps.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", names.get(i));
            List<Object> runs = new ArrayList<>();
            for (RunDetail r : sweeps.get(i).byLoad()) {
                runs.add(run(r));
            }
            s.put("runs", runs);
            list.add(s);
        }
        m.put("sweeps", list);
        return m;
    }

    private static Map<String, Object> run(RunDetail r) {
        RunSummary s = r.result().summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", r.label());
        m.put("load", r.load());
        m.put("concurrency", s.concurrency());
        m.put("interrupted", r.result().interrupted());
        m.put("successPct", Rounding.round(s.successRatePercent(), 2));
        m.put("rps", value(s.reqThroughput()));
        m.put("outputTps", value(s.outputThroughput()));
        m.put("avgLatencyS", value(s.avgLatencyS()));
        Map<String, Object> pct = new LinkedHashMap<>();
        for (String[] metric : PERCENTILE_METRICS) {
            Map<String, Object> p = new LinkedHashMap<>();
            for (String label : List.of("50%", "90%", "99%")) {
                p.put("p" + label.replace("%", ""), value(r.result().percentiles().value(metric[1], label)));
            }
            pct.put(metric[0], p);
        }
        m.put("pct", pct);
        m.put("ttft", distribution(r.ttftMs()));
        m.put("itl", distribution(r.itlMs()));
        m.put("timeline", timeline(r.timeline()));
        if (r.conversations() != null) {
            m.put("turns", r.conversations().get("ttft_by_turn"));
        }
        return m;
    }

    private static Map<String, Object> distribution(Distribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", d.count());
        m.put("edges", values(d.edges()));
        m.put("counts", d.counts());
        m.put("overflow", d.overflow());
        m.put("cdf", values(d.cdf()));
        return m;
    }

    private static Map<String, Object> timeline(Timeline t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bucketS", t.bucketSeconds());
        m.put("t", values(t.startS()));
        m.put("inFlight", values(t.inFlight()));
        m.put("completions", values(t.completionsPerS()));
        m.put("errors", values(t.errorsPerS()));
        m.put("tokens", values(t.outputTokensPerS()));
        return m;
    }

    /** Rounded to 4 decimals; {@code null} for NaN and for evalscope's "no data" −1. */
    private static Double value(double v) {
        return v == -1 ? null : Rounding.round4(v);
    }

    private static List<Double> values(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(Rounding.round4(x));
        }
        return out;
    }
}
