package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;
import dev.barrage.metrics.views.MetricView;
import dev.barrage.metrics.views.ViewFigures;
import dev.barrage.metrics.views.ViewResult;
import dev.barrage.store.ViewFiles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The metric views ({@code --metric-view}) next to Barrage's native figures: written after each
 * run (and by {@code barrage report}), printed as a table, and the table of
 * {@code performance_summary.txt}. The rows come from the step folders'
 * {@code benchmark_summary_<view>.json}, so the text shows what the files hold.
 */
public final class MetricViewTables {
    /** The native figures' row name. */
    static final String NATIVE = "barrage (native)";
    static final List<String> FIGURE_HEADERS = List.of("TTFT avg / p99 (ms)", "TPOT avg / p99 (ms)",
            "ITL avg / p99 (ms)", "Latency avg / p99 (s)", "Req/s", "Output tok/s", "Done / failed");

    private MetricViewTables() {
    }

    /**
     * Computes the run's views from its database, writes their files and prints their table. A
     * database that cannot be read costs the views a warning, never the run's other files.
     */
    public static void afterRun(StepResult run, List<MetricView> views, Console console, String label) {
        if (views.isEmpty()) {
            return;
        }
        try {
            List<ViewResult> results = ViewFiles.write(run.folder(), views);
            GridTable t = table("Figures of");
            t.row(row(NATIVE, run));
            for (ViewResult v : results) {
                t.row(row(v.view(), v.figures()));
            }
            console.info("Metric views (" + label + "): the same requests with each tool's definitions; a column"
                    + " holds what that tool calls by its name (docs/metrics.md, Metric views):");
            console.block(t.render(GridTable.Style.PRETTY));
        } catch (RuntimeException e) {
            console.warn("The metric views of " + run.folder() + " were not written: " + e.getMessage());
        }
    }

    /** For performance_summary.txt: every run with views, its native row then one per view; {@code null} when none has any. */
    static String text(List<StepResult> results) {
        GridTable t = table("Conc.", "Figures of");
        boolean any = false;
        for (StepResult r : results) {
            List<ViewFiles.Stored> stored = ViewFiles.read(r.folder());
            if (stored.isEmpty()) {
                continue;
            }
            any = true;
            String conc = String.valueOf(r.summary().concurrency());
            t.row(prefixed(conc, row(NATIVE, r)));
            for (ViewFiles.Stored v : stored) {
                t.row(prefixed(conc, row(v.view(), v.figures())));
            }
        }
        return any ? t.render(GridTable.Style.GRID) : null;
    }

    private static GridTable table(String... leading) {
        List<String> headers = new ArrayList<>(List.of(leading));
        headers.addAll(FIGURE_HEADERS);
        List<GridTable.Align> aligns = new ArrayList<>(Collections.nCopies(leading.length, GridTable.Align.LEFT));
        aligns.addAll(Collections.nCopies(FIGURE_HEADERS.size(), GridTable.Align.RIGHT));
        return new GridTable(headers, aligns);
    }

    private static List<String> prefixed(String first, List<String> rest) {
        List<String> row = new ArrayList<>();
        row.add(first);
        row.addAll(rest);
        return row;
    }

    /** The native figures in a view's shape: Barrage's averages and p99s. */
    static ViewFigures nativeFigures(StepResult r) {
        RunSummary s = r.summary();
        PercentileTable p = r.percentiles();
        return new ViewFigures(s.testDurationS(), s.successRequests(), s.failedRequests(), s.avgTtftMs(),
                p.value(PercentileTable.TTFT, "99%"), s.avgTpotMs(), p.value(PercentileTable.TPOT, "99%"),
                s.avgItlMs(), p.value(PercentileTable.ITL, "99%"), s.avgLatencyS(), p.value(PercentileTable.LATENCY, "99%"),
                s.reqThroughput(), s.outputThroughput());
    }

    static List<String> row(String name, StepResult r) {
        return row(name, nativeFigures(r));
    }

    /** The name, then the cells of {@link #FIGURE_HEADERS}. */
    static List<String> row(String name, ViewFigures f) {
        List<String> row = new ArrayList<>();
        row.add(name);
        row.addAll(cells(f));
        return row;
    }

    static List<String> cells(ViewFigures f) {
        return List.of(pair(f.ttftAvgMs(), f.ttftP99Ms(), 2), pair(f.tpotAvgMs(), f.tpotP99Ms(), 2),
                pair(f.itlAvgMs(), f.itlP99Ms(), 2), pair(f.latencyAvgS(), f.latencyP99S(), 3),
                Numbers.fixed(f.requestThroughput(), 2), Numbers.fixed(f.outputThroughput(), 1),
                f.completed() + " / " + f.failed());
    }

    private static String pair(double avg, double p99, int decimals) {
        return Numbers.fixed(avg, decimals) + " / " + Numbers.fixed(p99, decimals);
    }
}
