package dev.barrage.load;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.Threshold;
import dev.barrage.report.Console;
import dev.barrage.report.ConsoleTables;
import dev.barrage.report.ReportFiles;
import dev.barrage.report.SummaryText;
import dev.barrage.report.SweepInfo;
import dev.barrage.report.Thresholds;
import dev.barrage.store.JsonFiles;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After the sweep: the overview and the suggestions on the console, and the same (plus the
 * per-request averages and tails) in {@code performance_summary.txt} at the sweep root, and
 * {@code perf_report.html} rebuilt from the step folders' databases.
 */
final class SweepReport {
    private SweepReport() {
    }

    static void write(Path root, Arguments args, List<StepResult> results, List<String> suggestions,
            List<Threshold.Outcome> thresholds, Console console) {
        console.info("Performance overview:");
        console.block(ConsoleTables.overview(results, console.color()));
        console.info("Suggestions:");
        for (String s : suggestions) {
            console.info("  - " + s);
        }
        long limited = results.stream().filter(r -> r.summary().clientVerdict() != null
                && r.summary().clientVerdict().clientLimited()).count();
        if (limited > 0) {
            console.warn(limited + " of " + results.size() + " run(s) were CLIENT-LIMITED: their figures measure the"
                    + " client side (Barrage, or the machine it runs on), not the server; each run's Client Verdict"
                    + " names the cause.");
        }
        if (!thresholds.isEmpty()) {
            long failed = thresholds.stream().filter(o -> !o.passed()).count();
            console.info("Thresholds: " + (failed == 0 ? "all passed" : failed + " failed") + ":");
            console.block(Thresholds.table(thresholds));
            JsonFiles.write(root.resolve("thresholds.json"), thresholds.stream().map(o -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("threshold", o.threshold().text());
                m.put("run", o.run());
                m.put("value", Double.isNaN(o.value()) ? null : o.value());
                m.put("passed", o.passed());
                return m;
            }).toList());
        }
        JsonFiles.writeText(root.resolve("performance_summary.txt"),
                SummaryText.render(SweepInfo.of(args, root), results, suggestions, thresholds));
        ReportFiles.afterPerf(root, results, console);
    }
}
