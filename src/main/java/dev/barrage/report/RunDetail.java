package dev.barrage.report;

import dev.barrage.StepResult;

import java.util.Map;

/**
 * One run as the report shows it: its summary and percentiles (the same {@link StepResult} that
 * {@code perf} returns), the TTFT and ITL distributions in ms, and its timeline.
 *
 * @param result  the run's summary, percentiles and folder
 * @param ttftMs  the TTFT samples of the percentile table's TTFT column
 * @param itlMs   the ITL samples of the percentile table's ITL column
 * @param timeline the run second by second
 * @param startEpochMillis wall-clock time of the run's first send (orders the runs of a sweep)
 * @param conversations a multi-turn run's per-conversation table ({@code trace_summary.json}), else {@code null}
 */
public record RunDetail(StepResult result, Distribution ttftMs, Distribution itlMs, Timeline timeline,
        long startEpochMillis, Map<String, Object> conversations) {

    /** "parallel 8, number 32" (or "rate 5, number 100"): how the report names a run. */
    public String label() {
        var s = result.summary();
        String load = s.requestRate() > 0 ? "rate " + Numbers.format(s.requestRate()) : "parallel " + s.concurrency();
        return load + ", number " + s.plannedRequests();
    }

    /** The x value of the run in charts against load: the rate when paced, else the concurrency. */
    public double load() {
        var s = result.summary();
        return s.requestRate() > 0 ? s.requestRate() : s.concurrency();
    }
}
