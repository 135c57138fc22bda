package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.StepFolder;
import dev.barrage.store.ViewFiles;
import dev.barrage.metrics.views.MetricView;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the derived files of a sweep: {@code perf_report.html} after {@code perf}, and for
 * {@code barrage report} also each step's {@code benchmark_summary.json},
 * {@code benchmark_percentile.json} (and a multi-turn run's {@code trace_summary.json}, and the
 * metric views' {@code benchmark_summary_<view>.json}) and the
 * root's {@code performance_summary.txt}. These are the
 * only files ever rewritten; databases, arguments, {@code run_meta.json} and logs are only read.
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    /**
     * After a sweep: the HTML report, built from the step folders' databases. A report that cannot
     * be built costs one warning, never the results.
     *
     * @param measured the runs as measured in memory, to check the databases hold all of them
     * @return the report file, or {@code null} when it could not be written
     */
    public static Path afterPerf(Path root, List<StepResult> measured, Console console) {
        try {
            SweepData data = SweepLoader.load(root);
            for (StepResult m : measured) {
                data.results().stream().filter(r -> r.folder().equals(m.folder())).findFirst()
                        .filter(r -> !sameJson(r.summary().toJsonMap(), m.summary().toJsonMap()))
                        .ifPresent(r -> console.warn("The database in " + m.folder() + " does not reproduce the run's"
                                + " summary (it is incomplete); perf_report.html shows what the database holds."));
            }
            Path file = HtmlReport.write(data);
            console.info("Report: " + file);
            return file;
        } catch (RuntimeException e) {
            console.warn("perf_report.html was not written: " + e.getMessage());
            return null;
        }
    }

    /** Equal as written to JSON (a number read back may be an Integer where the run had a Long). */
    private static boolean sameJson(Object a, Object b) {
        return JsonFiles.compact(a).equals(JsonFiles.compact(b));
    }

    /**
     * {@code barrage report <dir>}: rebuilds the tables of the sweep's runs (or of the one step
     * folder given), {@code performance_summary.txt} and {@code perf_report.html}, printing the
     * tables as {@code perf} does.
     */
    public static SweepData rebuild(Path dir, Console console) {
        return rebuild(dir, null, console);
    }

    /**
     * As {@link #rebuild(Path, Console)}, also recomputing metric views from each database
     * ({@code benchmark_summary_<view>.json}).
     *
     * @param metricViews the views to write ({@code --metric-view}); {@code null} for the ones each
     *                    run was made with (its {@code benchmark_args.json})
     */
    public static SweepData rebuild(Path dir, List<MetricView> metricViews, Console console) {
        Path root = SweepLoader.sweepRoot(dir);
        Path onlyStep = StepFolder.isStepFolder(dir) ? dir.toAbsolutePath().normalize() : null;
        SweepData data = SweepLoader.load(root);
        for (RunDetail run : data.runs()) {
            StepResult r = run.result();
            if (onlyStep != null && !onlyStep.equals(r.folder())) {
                continue;
            }
            java.util.Map<String, Object> summary = r.summary().toJsonMap();
            summary.putAll(dev.barrage.servermetrics.ServerMetricsRun.summaryEntries(
                    r.folder().resolve(dev.barrage.store.ResultStore.FILE_NAME), r.summary(), r.percentiles()));
            JsonFiles.write(r.folder().resolve("benchmark_summary.json"), summary);
            JsonFiles.write(r.folder().resolve("benchmark_percentile.json"), r.percentiles().toRows());
            if (run.conversations() != null) {
                JsonFiles.write(r.folder().resolve("trace_summary.json"), run.conversations());
            }
            console.info("Benchmarking summary (" + run.label() + (r.interrupted() ? ", interrupted" : "") + "):");
            console.block(ConsoleTables.summary(r.summary()));
            String failures = ConsoleTables.failures(r.summary());
            if (failures != null) {
                console.info("Failures by cause:");
                console.block(failures);
            }
            console.info("Percentile results (" + run.label() + "):");
            console.block(ConsoleTables.percentiles(r.percentiles()));
            MetricViewTables.afterRun(r, metricViews != null ? metricViews
                    : ViewFiles.requested(StepFolder.open(r.folder())), console, run.label());
        }
        console.info("Performance overview:");
        console.block(ConsoleTables.overview(data.results(), console.color()));
        console.info("Suggestions:");
        data.suggestions().forEach(s -> console.info("  - " + s));
        JsonFiles.writeText(root.resolve("performance_summary.txt"), SummaryText.render(data.info(), data.results(),
                data.suggestions(), Thresholds.evaluate(data.info().thresholds(), data.results())));
        console.info("Rebuilt from the databases: " + root.resolve("performance_summary.txt") + ", "
                + HtmlReport.write(data));
        return data;
    }
}
