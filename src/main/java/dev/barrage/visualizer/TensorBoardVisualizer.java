package dev.barrage.visualizer;

import dev.barrage.StepResult;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * {@code --visualizer tensorboard}: an event file in {@code <sweep root>/tensorboard/}, one
 * event per sweep step holding every {@link StepMetrics} scalar at step = the step's concurrency
 * (so TensorBoard's x axis is the load). View with {@code tensorboard --logdir <sweep root>/tensorboard}.
 * Each record is flushed as it is written, so an interrupted sweep leaves a readable file.
 */
final class TensorBoardVisualizer implements Visualizer {
    private Path file;

    @Override
    public String name() {
        return "tensorboard";
    }

    @Override
    public void start(RunContext run) throws IOException {
        Path dir = Files.createDirectories(run.root().resolve("tensorboard"));
        file = dir.resolve("events.out.tfevents." + run.startMillis() / 1000 + "." + host() + ".barrage");
        append(TfRecords.fileVersionEvent(run.startMillis() / 1000.0));
    }

    @Override
    public void step(int index, StepResult step) throws IOException {
        Map<String, Double> scalars = StepMetrics.of(step);
        append(TfRecords.scalarsEvent(System.currentTimeMillis() / 1000.0, step.summary().concurrency(), scalars));
    }

    @Override
    public void finish(List<StepResult> steps, Path report) {
        // every record is already on disk
    }

    Path file() {
        return file;
    }

    private void append(byte[] event) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(TfRecords.frame(event));
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
