package dev.barrage;

import dev.barrage.metrics.Threshold;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Barrage#runPerfBenchmark} returns: every run's summary and percentiles, in sweep
 * order, and where the files are.
 *
 * @param outputDir   the sweep root ({@code outputs/<timestamp>/<name>/})
 * @param runs        one entry per completed (or interrupted) run
 * @param interrupted true when the sweep was stopped early by Ctrl-C/SIGTERM
 * @param suggestions the advice printed after the sweep
 * @param thresholds  the outcome of every --threshold rule on every run (empty without rules)
 */
public record BenchmarkResults(Path outputDir, List<StepResult> runs, boolean interrupted, List<String> suggestions,
        List<Threshold.Outcome> thresholds) {
    public BenchmarkResults {
        runs = List.copyOf(runs);
        suggestions = List.copyOf(suggestions);
        thresholds = List.copyOf(thresholds);
    }

    /** True unless a --threshold rule failed on some run. */
    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(Threshold.Outcome::passed);
    }
}
