package dev.barrage.report;

import dev.barrage.StepResult;

import java.util.Comparator;
import java.util.List;

/**
 * A whole sweep as the report shows it: what was asked, every run in the order it ran, and the
 * suggestions.
 *
 * @param info        model, target, dataset, sweep root
 * @param runs        in the order they ran
 * @param suggestions the advice printed after the sweep
 */
public record SweepData(SweepInfo info, List<RunDetail> runs, List<String> suggestions) {
    public SweepData {
        runs = List.copyOf(runs);
        suggestions = List.copyOf(suggestions);
    }

    public List<StepResult> results() {
        return runs.stream().map(RunDetail::result).toList();
    }

    /** The runs ordered by load, as charts against load draw them. */
    public List<RunDetail> byLoad() {
        return runs.stream().sorted(Comparator.comparingDouble(RunDetail::load)).toList();
    }
}
