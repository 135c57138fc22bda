package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.metrics.Threshold;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --threshold}: every rule is checked on every run of the sweep (a sweep passes when all
 * runs pass all rules), printed as a table, and turns the exit code to 1 when any fails. In
 * {@code report} (not {@code load}) so that {@code barrage report} can re-check them on rebuilt runs.
 */
public final class Thresholds {
    private Thresholds() {
    }

    public static List<Threshold.Outcome> evaluate(List<String> rules, List<StepResult> runs) {
        List<Threshold.Outcome> outcomes = new ArrayList<>();
        for (String text : rules) {
            Threshold t = Threshold.parse(text);
            for (StepResult r : runs) {
                double v = t.metric().valueOf(r.summary(), r.percentiles());
                outcomes.add(new Threshold.Outcome(t, r.step().folderName(), v, t.holds(v)));
            }
        }
        return outcomes;
    }

    public static String table(List<Threshold.Outcome> outcomes) {
        GridTable t = new GridTable(List.of("Threshold", "Run", "Value", "Result"),
                List.of(GridTable.Align.LEFT, GridTable.Align.LEFT, GridTable.Align.RIGHT, GridTable.Align.LEFT));
        for (Threshold.Outcome o : outcomes) {
            t.row(o.threshold().text(), o.run(), o.valueText(), o.passed() ? "pass" : "FAIL");
        }
        return t.render(GridTable.Style.PRETTY);
    }
}
