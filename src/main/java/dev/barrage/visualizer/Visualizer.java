package dev.barrage.visualizer;

import dev.barrage.StepResult;

import java.nio.file.Path;
import java.util.List;

/**
 * One place a sweep's results are sent to. Calls come in order: {@link #start}, {@link #step}
 * once per finished sweep step, {@link #finish}. Any exception means "this visualizer is out";
 * the caller warns once and stops calling it.
 */
public interface Visualizer {
    /** The {@code --visualizer} name. */
    String name();

    /** Creates the run (experiment, task) with the masked arguments as its configuration. */
    void start(RunContext run) throws Exception;

    /**
     * @param index 0-based position of the step in the sweep
     */
    void step(int index, StepResult step) throws Exception;

    /**
     * Closes the run.
     *
     * @param report the sweep's {@code perf_report.html}, or {@code null} when none was written
     */
    void finish(List<StepResult> steps, Path report) throws Exception;
}
