package dev.barrage.cli;

import dev.barrage.BarrageException;
import dev.barrage.metrics.views.MetricView;
import dev.barrage.metrics.views.MetricViews;
import dev.barrage.report.Console;
import dev.barrage.report.HtmlReport;
import dev.barrage.report.ReportFiles;
import dev.barrage.report.SweepData;
import dev.barrage.report.SweepLoader;
import dev.barrage.store.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code barrage report <dir>} rebuilds a sweep's derived files from its databases;
 * {@code barrage report <dirA> <dirB>} writes a comparison page of two sweeps.
 */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {"Rebuild a sweep's tables, performance_summary.txt and perf_report.html from its"
                + " benchmark_data.db files (one folder), or compare two sweeps (two folders).",
                "A folder is a sweep root (outputs/<timestamp>/<name>/) or one of its step folders."
                + " Only derived files are rewritten; the databases are only read."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..2", paramLabel = "<dir>", description = "A sweep root or step folder; two to compare.")
    List<Path> dirs;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>",
            description = "Where a comparison goes (default: ./barrage_compare_<A>_vs_<B>.html).")
    Path output;

    @Option(names = "--metric-view", split = ",", paramLabel = "<tool>", description = "Recompute these views"
            + " from the databases: evalscope, vllm, sglang, guidellm, aiperf (repeatable or comma-separated;"
            + " default: the views each run was made with).")
    List<String> metricViews;

    @Override
    public Integer call() {
        Console console = Console.system();
        if (dirs.size() == 1) {
            if (output != null) {
                throw BarrageException.invalidInput("Option '--output' is for comparisons: give two folders, or"
                        + " leave --output out (one folder is rebuilt in place).");
            }
            ReportFiles.rebuild(dirs.get(0), metricViews == null ? null : views(metricViews), console);
        } else {
            if (metricViews != null) {
                throw BarrageException.invalidInput("Option '--metric-view' rebuilds one folder: give one folder, or"
                        + " leave --metric-view out (a comparison shows the native figures).");
            }
            SweepData a = SweepLoader.load(SweepLoader.sweepRoot(dirs.get(0)));
            SweepData b = SweepLoader.load(SweepLoader.sweepRoot(dirs.get(1)));
            Path file = output != null ? output : Path.of("barrage_compare_" + safe(a) + "_vs_" + safe(b) + ".html");
            JsonFiles.writeText(file.toAbsolutePath(), HtmlReport.comparison(a, b));
            console.info("Comparison: " + file.toAbsolutePath());
        }
        console.close();
        return 0;
    }

    private static List<MetricView> views(List<String> names) {
        for (String name : names) {
            try {
                MetricViews.byName(name);
            } catch (IllegalArgumentException e) {
                throw BarrageException.invalidInput("Invalid value '" + name + "' for option '--metric-view': "
                        + e.getMessage() + ".");
            }
        }
        return MetricViews.parse(names);
    }

    private static String safe(SweepData d) {
        return d.info().title().replaceAll("[^A-Za-z0-9._-]+", "_");
    }
}
