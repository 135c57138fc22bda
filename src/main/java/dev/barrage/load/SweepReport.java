package dev.barrage.load;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.report.Console;
import dev.barrage.report.ConsoleTables;
import dev.barrage.report.ReportFiles;
import dev.barrage.report.SummaryText;
import dev.barrage.report.SweepInfo;
import dev.barrage.store.JsonFiles;

import java.nio.file.Path;
import java.util.List;

/**
 * After the sweep: the overview and the suggestions on the console, and the same (plus the
 * per-request averages and tails) in {@code performance_summary.txt} at the sweep root, and
 * {@code perf_report.html} rebuilt from the step folders' databases.
 */
final class SweepReport {
    private SweepReport() {
    }

    static void write(Path root, Arguments args, List<StepResult> results, List<String> suggestions, Console console) {
        console.info("Performance overview:");
        console.block(ConsoleTables.overview(results, console.color()));
        console.info("Suggestions:");
        for (String s : suggestions) {
            console.info("  - " + s);
        }
        JsonFiles.writeText(root.resolve("performance_summary.txt"),
                SummaryText.render(SweepInfo.of(args, root), results, suggestions));
        ReportFiles.afterPerf(root, results, console);
    }
}
