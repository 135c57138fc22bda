package dev.barrage.servermetrics;

import java.util.Map;

/**
 * One sample line of a metrics page: the sample's own name ({@code vllm:prompt_tokens_total},
 * {@code vllm:time_to_first_token_seconds_bucket}), its labels in page order and its value, which
 * may be NaN or infinite (Prometheus allows both).
 */
public record Sample(String name, Map<String, String> labels, double value) {
    public Sample {
        labels = Map.copyOf(labels);
    }

    /** The label's value, or {@code null}. */
    public String label(String label) {
        return labels.get(label);
    }
}
