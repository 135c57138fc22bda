package dev.barrage.sim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulator's {@code GET /metrics}: a Prometheus page under vLLM's names (as of vLLM 0.11's
 * {@code vllm/v1/metrics/loggers.py}), driven by the simulator's real state: running and waiting
 * requests are the batch scheduler's, the KV cache holds each decoding sequence's prompt and the
 * tokens it generated so far, out of {@link #KV_TOKENS_PER_SLOT} per batch slot, and the
 * histograms observe what each sequence really did (TTFT from the request's arrival, as vLLM's
 * frontend measures it). Thread-safe; observing costs a few adder increments.
 */
final class SimMetrics {
    /** The simulated KV cache: this many tokens per batch slot (a context of 512 tokens for every slot: small, so a demo fills it visibly). */
    static final int KV_TOKENS_PER_SLOT = 512;
    // vLLM's bucket bounds, so a scraper reads the simulator as it reads vLLM
    private static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    private static final double[] ITL_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0,
            2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    private static final double[] REQUEST_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
            40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    private final SimHistogram ttft = new SimHistogram(TTFT_BUCKETS);
    private final SimHistogram itl = new SimHistogram(ITL_BUCKETS);
    private final SimHistogram e2e = new SimHistogram(REQUEST_BUCKETS);
    private final SimHistogram queue = new SimHistogram(REQUEST_BUCKETS);
    private final LongAdder promptTokens = new LongAdder();
    private final LongAdder cachedTokens = new LongAdder();
    private final LongAdder finishedStop = new LongAdder();
    private final LongAdder finishedLength = new LongAdder();
    private final AtomicLong kvTokens = new AtomicLong();

    /** A sequence got its slot after waiting {@code queuedNanos}; its prompt enters the KV cache. */
    void admitted(long queuedNanos, int promptTokens, int cachedTokens) {
        queue.observeNanos(queuedNanos);
        this.promptTokens.add(Math.max(0, promptTokens));
        this.cachedTokens.add(Math.max(0, cachedTokens));
        kvTokens.addAndGet(Math.max(0, promptTokens));
    }

    void firstToken(long ttftNanos) {
        ttft.observeNanos(ttftNanos);
        kvTokens.incrementAndGet();
    }

    void nextToken(long gapNanos) {
        itl.observeNanos(gapNanos);
        kvTokens.incrementAndGet();
    }

    void finished(long e2eNanos, ReplyPlan.FinishReason reason) {
        e2e.observeNanos(e2eNanos);
        (reason == ReplyPlan.FinishReason.LENGTH ? finishedLength : finishedStop).increment();
    }

    /** A sequence left its slot (finished, cut or cancelled): the KV tokens it held are freed. */
    void freed(long heldTokens) {
        kvTokens.addAndGet(-heldTokens);
    }

    /** The page, in the Prometheus text format 0.0.4. */
    String render(String model, BatchScheduler scheduler, long generationTokens) {
        String labels = "engine=\"0\",model_name=\"" + escape(model) + "\"";
        StringBuilder page = new StringBuilder(8192);
        gauge(page, "vllm:num_requests_running", "Number of requests in model execution batches.", labels,
                scheduler.admitted());
        gauge(page, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels,
                scheduler.queued());
        double capacity = (double) scheduler.maxBatch() * KV_TOKENS_PER_SLOT;
        gauge(page, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels,
                Math.min(1, Math.max(0, kvTokens.get()) / capacity));
        counter(page, "vllm:num_preemptions", "Cumulative number of preemption from the engine.", labels, 0);
        counter(page, "vllm:prompt_tokens", "Number of prefill tokens processed.", labels, promptTokens.sum());
        counter(page, "vllm:generation_tokens", "Number of generation tokens processed.", labels, generationTokens);
        counter(page, "vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.", labels,
                cachedTokens.sum());
        page.append("# HELP vllm:request_success_total Count of successfully processed requests.\n")
                .append("# TYPE vllm:request_success_total counter\n");
        page.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"stop\"} ")
                .append((double) finishedStop.sum()).append('\n');
        page.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"length\"} ")
                .append((double) finishedLength.sum()).append('\n');
        histogram(page, ttft, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.",
                labels);
        histogram(page, itl, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.",
                labels);
        histogram(page, e2e, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.",
                labels);
        histogram(page, queue, "vllm:request_queue_time_seconds",
                "Histogram of time spent in WAITING phase for request.", labels);
        return page.toString();
    }

    private static void gauge(StringBuilder page, String name, String help, String labels, double value) {
        page.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    private static void counter(StringBuilder page, String name, String help, String labels, double value) {
        page.append("# HELP ").append(name).append("_total ").append(help).append('\n')
                .append("# TYPE ").append(name).append("_total counter\n")
                .append(name).append("_total{").append(labels).append("} ").append(value).append('\n');
    }

    private static void histogram(StringBuilder page, SimHistogram h, String name, String help, String labels) {
        page.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" histogram\n");
        h.render(page, name, labels);
    }

    /** A label value in the text format: backslash, double quote and newline escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
