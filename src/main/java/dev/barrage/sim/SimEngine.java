package dev.barrage.sim;

/**
 * The state one running simulator shares across all its connections and event loops: the batch
 * slots, the timing model, the reply planner and the counters. Every part is thread-safe.
 */
final class SimEngine {
    private final SimConfig config;
    private final BatchScheduler scheduler;
    private final TimingModel timing;
    private final ReplyPlanner planner;
    private final RequestParser parser;
    private final SimCounters counters = new SimCounters();
    private final SimMetrics metrics = new SimMetrics();
    private final FaultPicker faults;

    SimEngine(SimConfig config, PromptTokenCounter tokenCounter) {
        this.config = config;
        this.scheduler = new BatchScheduler(config.maxBatch());
        this.timing = new TimingModel(config);
        this.planner = new ReplyPlanner(config);
        this.parser = new RequestParser(tokenCounter, config.prefixCache() ? new PrefixCache() : null);
        this.faults = new FaultPicker(config.faults(), config.seed());
    }

    FaultPicker faults() {
        return faults;
    }

    SimConfig config() {
        return config;
    }

    BatchScheduler scheduler() {
        return scheduler;
    }

    TimingModel timing() {
        return timing;
    }

    ReplyPlanner planner() {
        return planner;
    }

    RequestParser parser() {
        return parser;
    }

    SimCounters counters() {
        return counters;
    }

    SimMetrics metrics() {
        return metrics;
    }

    /** The {@code GET /metrics} page. */
    String metricsPage() {
        return metrics.render(config.model(), scheduler, counters.snapshot(scheduler).tokensSent());
    }

    SimStats stats() {
        return counters.snapshot(scheduler);
    }
}
