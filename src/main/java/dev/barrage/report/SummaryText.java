package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.Version;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;
import dev.barrage.metrics.Threshold;

import java.util.Collections;
import java.util.List;

/**
 * {@code performance_summary.txt} at the sweep root: basic information, the overview, per-request
 * averages and 99th percentiles, and the suggestions. The same text whether written by
 * {@code perf} or rebuilt by {@code barrage report}.
 */
public final class SummaryText {
    private SummaryText() {
    }

    /** @param thresholds the {@code --threshold} outcomes, empty when none were set */
    public static String render(SweepInfo info, List<StepResult> results, List<String> suggestions,
            List<Threshold.Outcome> thresholds) {
        StringBuilder text = new StringBuilder();
        text.append("Barrage ").append(Version.get()).append(" performance summary\n\n");
        text.append("Basic information:\n");
        GridTable basic = new GridTable(List.of("Key", "Value"), List.of(GridTable.Align.LEFT, GridTable.Align.LEFT));
        basic.row("Model", info.model());
        basic.row("URL", info.target());
        basic.row("Dataset", info.dataset());
        basic.row("Streaming", String.valueOf(info.stream()));
        basic.row("Runs", String.valueOf(results.size()));
        basic.row("Started at", String.valueOf(results.get(0).summary().startedAt()));
        basic.row("Output folder", info.root().toString());
        text.append(basic.render(GridTable.Style.GRID)).append('\n');
        text.append("Performance overview:\n").append(ConsoleTables.overview(results, false)).append('\n');
        text.append("Per-request metrics (average / p99):\n").append(perRequest(results)).append('\n');
        String views = MetricViewTables.text(results);
        if (views != null) {
            text.append("Metric views (the same requests with other tools' definitions, --metric-view;"
                    + " docs/metrics.md):\n").append(views).append('\n');
        }
        String conversations = ConversationTable.text(results);
        if (conversations != null) {
            text.append("Conversations:\n").append(conversations).append('\n');
        }
        String failures = failures(results);
        if (failures != null) {
            text.append("Failures (the most common messages per cause):\n").append(failures).append('\n');
        }
        String warnings = responseWarnings(results);
        if (warnings != null) {
            text.append("Response warnings (the requests kept their results):\n").append(warnings).append('\n');
        }
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
        return text.toString();
    }

    /** Per run with failures: how many, then its server messages; {@code null} when nothing failed. */
    private static String failures(List<StepResult> results) {
        StringBuilder sb = new StringBuilder();
        for (StepResult r : results) {
            RunSummary s = r.summary();
            if (s.failedRequests() > 0) {
                sb.append("  ").append(r.step().folderName()).append(": ").append(s.failedRequests()).append(" of ")
                        .append(s.totalRequests()).append(" requests failed\n")
                        .append(ConsoleTables.failureMessages(s.failureMessages(), "    "));
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Per run with response warnings, one line each; {@code null} when no run had any. */
    private static String responseWarnings(List<StepResult> results) {
        StringBuilder sb = new StringBuilder();
        for (StepResult r : results) {
            for (String line : ResponseWarningLines.of(r.summary())) {
                sb.append("  ").append(r.step().folderName()).append(": ").append(line).append('\n');
            }
        }
        return sb.isEmpty() ? null : sb.toString();
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
