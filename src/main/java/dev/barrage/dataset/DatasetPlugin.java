package dev.barrage.dataset;

import java.util.List;

/**
 * A source of prompts, selected by name with {@code --dataset}. Built-in datasets and users' own
 * are found the same way, through {@link java.util.ServiceLoader}: a class implementing this
 * interface, with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.barrage.dataset.DatasetPlugin} of a jar on the class path. See
 * {@code docs/extending.md} for a worked example.
 *
 * <p>{@link #load} runs on the main thread before any request is sent; it may use every core
 * ({@link DatasetContext#parallel}). Report bad input with {@link DatasetContext#malformed} or
 * {@code BarrageException.invalidInput} so the run stops with exit code 2 before sending.
 */
public interface DatasetPlugin {
    /** The names this plug-in answers to in {@code --dataset} (several for aliases). */
    List<String> names();

    /** Keys this dataset accepts in {@code --dataset-args}; any other key is rejected. */
    default List<String> datasetArgs() {
        return List.of();
    }

    /** The prompts; at least one. */
    Dataset load(DatasetContext context);
}
