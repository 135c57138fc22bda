package dev.barrage.metrics.views;

import dev.barrage.metrics.RequestRecord;

import java.util.List;

/**
 * One tool's definitions of the serving metrics, applied to Barrage's records. Stateless and
 * thread-safe. Interrupted requests (stopped by the user) are no part of any view; warm-up
 * requests never reach the records.
 * The definitions, with the source each was read from, are in {@code docs/metrics.md}, "Metric views".
 */
public interface MetricView {
    /** The {@code --metric-view} name, e.g. {@code vllm}; also the file suffix. */
    String name();

    /** The tool and command whose definitions this is, e.g. {@code vLLM (vllm bench serve)}. */
    String tool();

    /** Where the definitions were read: repository, commit, files and functions. */
    String source();

    /** @param records one run's records, in any order */
    ViewResult compute(List<RequestRecord> records);
}
