package dev.barrage.load;

import dev.barrage.StepResult;
import dev.barrage.Version;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.Threshold;
import dev.barrage.metrics.RunSummary;
import dev.barrage.report.Console;
import dev.barrage.report.ConsoleTables;
import dev.barrage.report.GridTable;
import dev.barrage.report.Numbers;
import dev.barrage.store.JsonFiles;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After the sweep: the overview and the suggestions on the console, and the same (plus the
 * per-request averages and tails) in {@code performance_summary.txt} at the sweep root.
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
            console.warn(limited + " of " + results.size() + " run(s) were CLIENT-LIMITED: their figures measure"
                    + " Barrage, not the server (see each run's Client Verdict).");
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
        StringBuilder text = new StringBuilder();
        text.append("Barrage ").append(Version.get()).append(" performance summary\n\n");
        text.append("Basic information:\n");
        GridTable basic = new GridTable(List.of("Key", "Value"), List.of(GridTable.Align.LEFT, GridTable.Align.LEFT));
        basic.row("Model", String.valueOf(args.model()));
        basic.row("URL", args.embedded() ? "built-in simulator" : args.url());
        basic.row("Dataset", args.prompt() != null ? "--prompt" : args.dataset() == null ? "builtin" : args.dataset());
        basic.row("Streaming", String.valueOf(args.stream()));
        basic.row("Runs", String.valueOf(results.size()));
        basic.row("Started at", String.valueOf(results.get(0).summary().startedAt()));
        basic.row("Output folder", root.toString());
        text.append(basic.render(GridTable.Style.GRID)).append('\n');
        text.append("Performance overview:\n").append(ConsoleTables.overview(results, false)).append('\n');
        text.append("Per-request metrics (average / p99):\n").append(perRequest(results)).append('\n');
        text.append("Suggestions:\n");
        for (String s : suggestions) {
            text.append("  - ").append(s).append('\n');
        }
        for (StepResult r : results) {
            if (r.summary().clientVerdict() != null) {
                text.append(r.step().folderName()).append(": ").append(r.summary().clientVerdict().line()).append('\n');
            }
        }
        if (!thresholds.isEmpty()) {
            text.append("\nThresholds:\n").append(Thresholds.table(thresholds));
        }
        JsonFiles.writeText(root.resolve("performance_summary.txt"), text.toString());
    }

    private static String perRequest(List<StepResult> results) {
        GridTable t = new GridTable(
                List.of("Conc.", "Latency (s)", "TTFT (ms)", "TPOT (ms)", "ITL (ms)", "Input tokens", "Output tokens"),
                Collections.nCopies(7, GridTable.Align.RIGHT));
        for (StepResult r : results) {
            RunSummary s = r.summary();
            PercentileTable p = r.percentiles();
            t.row(String.valueOf(s.concurrency()),
                    pair(s.avgLatencyS(), p.value(PercentileTable.LATENCY, "99%"), 3),
                    pair(s.avgTtftMs(), p.value(PercentileTable.TTFT, "99%"), 1),
                    pair(s.avgTpotMs(), p.value(PercentileTable.TPOT, "99%"), 2),
                    pair(s.avgItlMs(), p.value(PercentileTable.ITL, "99%"), 2),
                    pair(s.avgInputTokens(), p.value(PercentileTable.INPUT_TOKENS, "99%"), 1),
                    pair(s.avgOutputTokens(), p.value(PercentileTable.OUTPUT_TOKENS, "99%"), 1));
        }
        return t.render(GridTable.Style.GRID);
    }

    private static String pair(double avg, double p99, int decimals) {
        return Numbers.fixed(avg, decimals) + " / " + Numbers.fixed(p99, decimals);
    }
}
