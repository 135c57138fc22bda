package dev.barrage.visualizer;

import dev.barrage.StepResult;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code --swanlab-api-key local}: nothing leaves the machine. SwanLab's offline board is a
 * Python tool; Barrage's equivalent is {@code barrage dashboard}, which reads the files every sweep
 * writes anyway. This visualizer only says so.
 */
final class SwanLabLocal implements Visualizer {
    private final Consumer<String> info;
    private Path outputs;

    SwanLabLocal(Consumer<String> info) {
        this.info = info;
    }

    @Override
    public String name() {
        return "swanlab";
    }

    @Override
    public void start(RunContext run) {
        Path timestamp = run.root().getParent();
        outputs = timestamp != null && timestamp.getParent() != null ? timestamp.getParent() : run.root();
    }

    @Override
    public void step(int index, StepResult step) {
        // everything is in the step folder already
    }

    @Override
    public void finish(List<StepResult> steps, Path report) {
        info.accept("SwanLab local mode: nothing was uploaded. View this run and compare it with others: barrage"
                + " dashboard " + outputs);
    }
}
