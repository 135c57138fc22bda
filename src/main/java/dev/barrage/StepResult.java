package dev.barrage;

import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;

import java.nio.file.Path;

/**
 * The outcome of one run of a sweep.
 *
 * @param step        its (parallel, number) pair
 * @param summary     what {@code benchmark_summary.json} holds
 * @param percentiles what {@code benchmark_percentile.json} holds
 * @param folder      its step folder
 * @param interrupted true when Ctrl-C/SIGTERM stopped it before all requests were sent
 */
public record StepResult(Arguments.Step step, RunSummary summary, PercentileTable percentiles, Path folder,
        boolean interrupted) {
}
