package dev.barrage.dataset;

import java.util.List;

/**
 * An ordered, finite set of prompts. A run asks for prompt {@code i} for its i-th request; a
 * dataset smaller than the run is cycled, as in evalscope. Thread-safe once built (immutable).
 *
 * @param name     the dataset name shown in logs ("builtin", "openqa", ...)
 * @param prompts  at least one prompt
 */
public record Dataset(String name, List<Prompt> prompts) {
    public Dataset {
        prompts = List.copyOf(prompts);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("dataset " + name + " has no prompts");
        }
    }

    /** The prompt for request {@code index} (0-based), cycling when the dataset is shorter. */
    public Prompt get(long index) {
        return prompts.get((int) (index % prompts.size()));
    }

    public int size() {
        return prompts.size();
    }
}
