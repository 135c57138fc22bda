package dev.barrage.dataset;

import java.util.List;

/**
 * An ordered, finite set of prompts. A run asks for prompt {@code i} for its i-th request; a
 * dataset smaller than the run is cycled, as in evalscope. Thread-safe once built (immutable).
 *
 * <p>Generated datasets ({@code random}, ...) are {@code freshPerRun}: each run of a sweep starts
 * where the previous one stopped ({@link #forRun}), as evalscope advances {@code --dataset-offset}
 * by {@code --number} per run, so a prefix-caching server never sees a later run repeat an earlier
 * run's prompts.
 *
 * @param name        the dataset name shown in logs ("builtin", "openqa", ...)
 * @param prompts     at least one prompt
 * @param start       index of the prompt this view's request 0 gets
 * @param freshPerRun each run of a sweep continues where the previous one stopped
 * @param trace       a workload trace's timeline, headers and request ids, one per prompt in the
 *                    same order; {@code null} for every other dataset
 */
public record Dataset(String name, List<Prompt> prompts, long start, boolean freshPerRun, Trace trace) {
    public Dataset {
        prompts = prompts instanceof OnDemandPrompts ? prompts : List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + " has no prompts");
        }
    }

    public Dataset(String name, List<Prompt> prompts, long start, boolean freshPerRun) {
        this(name, prompts, start, freshPerRun, null);
    }

    /** A dataset whose every run starts at its first prompt (files, the built-in prompts). */
    public Dataset(String name, List<Prompt> prompts) {
        this(name, prompts, 0, false);
    }

    /** A replayed trace: prompt {@code i} is record {@code i} of {@code trace}. */
    public static Dataset ofTrace(String name, List<Prompt> prompts, Trace trace) {
        if (trace.size() != prompts.size()) {
            throw new IllegalArgumentException("trace of " + trace.size() + " records for " + prompts.size() + " prompts");
        }
        return new Dataset(name, prompts, 0, false, trace);
    }

    /** A generated dataset: each run of a sweep gets prompts the previous runs did not use. */
    public static Dataset freshPerRun(String name, List<Prompt> prompts) {
        return new Dataset(name, prompts, 0, true);
    }

    /** The prompt for request {@code index} (0-based), cycling when the dataset is shorter. */
    public Prompt get(long index) {
        return prompts.get((int) ((start + index) % prompts.size()));
    }

    /**
     * The view a run gets when earlier runs of the sweep already used {@code promptsUsed}
     * prompts: itself unless {@code freshPerRun}.
     */
    public Dataset forRun(long promptsUsed) {
        return freshPerRun ? new Dataset(name, prompts, promptsUsed % prompts.size(), true) : this;
    }

    public int size() {
        return prompts.size();
    }
}
