package dev.barrage.load;

import dev.barrage.BarrageException;
import dev.barrage.StepResult;
import dev.barrage.api.ApiAdapter;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Trace;
import dev.barrage.metrics.ClientVerdict;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.metrics.RunSummary;
import dev.barrage.metrics.views.MetricViews;
import dev.barrage.report.Console;
import dev.barrage.report.ConsoleTables;
import dev.barrage.report.MetricViewTables;
import dev.barrage.servermetrics.ServerMetricsRun;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.ResultStore;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;
import dev.barrage.transport.Redactor;
import io.netty.channel.EventLoopGroup;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a sweep: the step folder's database, the collector, the load, the client monitor,
 * then the step's JSON files and console tables. The files are written even when the run was
 * stopped.
 */
final class StepRunner {
    /** Per-conversation metrics of a multi-turn run, under evalscope's file name. */
    static final String TRACE_SUMMARY = "trace_summary.json";
    /** The shared parts of every run of a sweep. */
    record Context(Arguments args, Console console, StopSignal stop, EventLoopGroup ioGroup, int targetPort,
            ApiAdapter adapter, Dataset dataset, long seed) {
    }

    private final Context ctx;
    private final HttpClient client;
    /** Connections opened before the run's clock started ({@link HttpClient#preconnect}). */
    private final int preconnected;
    private final Redactor redactor;

    StepRunner(Context ctx, HttpClient client, int preconnected, Redactor redactor) {
        this.ctx = ctx;
        this.client = client;
        this.preconnected = preconnected;
        this.redactor = redactor;
    }

    /**
     * @param firstResponse receives the run's first measured request (its response headers are
     *                      kept), for the run metadata
     */
    StepResult run(Arguments.Step step, Path dir, Consumer<HttpExchange> firstResponse) throws InterruptedException {
        return run(step, dir, firstResponse, ctx.dataset());
    }

    /** @param prompts the run's view of the dataset ({@link Dataset#forRun}) */
    StepResult run(Arguments.Step step, Path dir, Consumer<HttpExchange> firstResponse, Dataset prompts)
            throws InterruptedException {
        Arguments args = ctx.args();
        Console console = ctx.console();
        LoadPlan plan = LoadPlan.of(args, step, ctx.seed());
        JsonFiles.write(dir.resolve("benchmark_args.json"), stepArgs(step, plan));
        String label = label(step);
        console.info("Run " + label + " starting" + (plan.warmup() > 0 ? " (" + plan.warmup() + " warm-up requests first)"
                : "") + ".");
        RunAccumulator accumulator = new RunAccumulator(args.goodput());
        ResultStore store = ResultStore.create(dir.resolve(ResultStore.FILE_NAME), args.dbCommitInterval());
        store.scrubWith(redactor::redact);
        store.onOutputFault(() -> ctx.stop().request("results cannot be written")); // a full disk stops it as Ctrl-C does
        int maxTurns = args.maxTurns() == null ? 0 : args.maxTurns();
        long planned = args.multiTurn() ? ConversationRun.plannedTurns(prompts, plan.warmup(), step.number(), maxTurns)
                : step.number();
        Trace trace = prompts.trace();
        if (trace != null) {
            console.info(TraceReplay.describe(trace, plan));
            store.requestIds(TraceReplay.requestIds(trace, plan.warmup()));
        }
        Collector collector = new Collector(accumulator, store, ctx.adapter().streaming(), console, label,
                (int) Math.min(planned, Integer.MAX_VALUE), args.logEveryNQuery(), args.debug(),
                ClientTokens.forRun(args, prompts));
        ClientMonitor monitor = new ClientMonitor(ctx.ioGroup(), ctx.targetPort());
        collector.start();
        monitor.start();
        // just before the first request: the baseline that the servers' counters are diffed against
        ServerMetricsRun serverMetrics = ServerMetricsRun.start(args.serverMetrics(), args.serverMetricsInterval(),
                store.file(), console::warn);
        RequestIdentity identity = RequestIdentity.forRun(args);
        LoadRun.Outcome outcome = null;
        RuntimeException failure = null;
        try {
            outcome = args.multiTurn()
                    ? new ConversationRun(client, ctx.adapter(), prompts, ctx.stop(), plan, maxTurns,
                            Math.round((args.thinkTime() == null ? 0 : args.thinkTime()) * 1e9)).identity(identity)
                            .run(collector)
                    : new LoadRun(client, ctx.adapter(), prompts, ctx.stop(), plan).identity(identity).run(collector);
            if (outcome.first() != null) {
                firstResponse.accept(outcome.first());
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            serverMetrics.stop(); // its connection to the database closes before the result store's
            monitor.stop();
            collector.finish();
            closeStore(store, collector);
        }
        if (outcome == null) {
            outcome = new LoadRun.Outcome(accumulator.count(), 0, 0, false, null);
        }
        if (collector.recordFailure() != null) {
            console.warn(collector.unrecorded() + " request(s) could not be recorded (a bug in Barrage, please"
                    + " report it): " + collector.recordFailure());
        }
        PercentileTable percentiles = accumulator.percentiles();
        ClientVerdict verdict = monitor.verdict(accumulator.dispatchLagP99Ms(), outcome.dropped(),
                percentiles.value(PercentileTable.TTFT, "99%"));
        RunSummary summary = accumulator.summary(step.parallel(), step.rate(), step.number(), outcome.warmupSent(),
                outcome.dropped()).withClientVerdict(verdict);
        Map<String, Object> summaryJson = summary.toJsonMap();
        Map<String, Object> serverEntries = ServerMetricsRun.summaryEntries(store.file(), summary, percentiles);
        summaryJson.putAll(serverEntries);
        JsonFiles.write(dir.resolve("benchmark_summary.json"), summaryJson);
        JsonFiles.write(dir.resolve("benchmark_percentile.json"), percentiles.toRows());
        if (args.dataset() != null && args.dataset().startsWith("speed_benchmark")) {
            writeSpeedBenchmark(dir, console);
        }
        if (accumulator.conversations().any()) {
            JsonFiles.write(dir.resolve(TRACE_SUMMARY), accumulator.conversations().traceSummary());
        }
        // dropped sends (open loop at --max-in-flight) were due and skipped: the run still ran to its end
        boolean stopped = outcome.sent() + outcome.dropped() < step.number() && !outcome.durationReached();
        boolean interrupted = stopped || summary.interruptedRequests() > 0;
        print(label, step, summary, percentiles, interrupted, outcome, accumulator);
        MetricViewTables.afterRun(new StepResult(step, summary, percentiles, dir, interrupted),
                MetricViews.parse(args.metricViews()), console, label);
        serverMetrics.failures().forEach(console::warn);
        serverMetrics.lines(serverEntries).forEach(console::info);
        if (trace != null) {
            console.info(TraceReplay.fidelity(trace, plan, summary, percentiles));
        }
        if (failure instanceof BarrageException user) {
            throw user;
        }
        if (store.outputFailure() != null) {
            throw store.outputFailure();
        }
        LocalLimits.stopIfExhausted(summary, dir);
        if (failure != null) {
            // The run's files are written; now say what broke.
            throw BarrageException.internal("run " + label + " stopped by an internal error after "
                    + summary.totalRequests() + " requests (their results are in " + dir + "): " + failure, failure);
        }
        return new StepResult(step, summary, percentiles, dir, interrupted);
    }

    /** evalscope's speed_benchmark.json and its table; a database that cannot be read only loses this file. */
    private static void writeSpeedBenchmark(Path dir, Console console) {
        try {
            java.util.List<Map<String, Object>> rows = dev.barrage.store.SpeedBenchmarkTable.read(
                    dir.resolve(ResultStore.FILE_NAME));
            JsonFiles.write(dir.resolve(dev.barrage.store.SpeedBenchmarkTable.FILE_NAME), rows);
            console.info("Speed benchmark results (output tokens per second by prompt length):");
            console.block(ConsoleTables.rows(rows));
        } catch (SQLException e) {
            console.warn("speed_benchmark.json was not written: " + e.getMessage());
        }
    }

    static String label(Arguments.Step step) {
        String pacing = step.paced() ? String.format(Locale.ROOT, "rate %s req/s, ", Arguments.Step.formatRate(step.rate()))
                : "";
        String cap = step.openLoop() ? "open loop, " : "parallel " + step.parallel() + ", ";
        return cap + pacing + "number " + step.number();
    }

    private Map<String, Object> stepArgs(Arguments.Step step, LoadPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>(ctx.args().toMaskedMap());
        m.put("parallel", step.parallel());
        m.put("number", step.number());
        m.put("rate", step.rate());
        m.put("warmup_requests", plan.warmup());
        m.put("preconnected_connections", preconnected);
        if (step.paced()) {
            m.put("arrival_seed", plan.seed());
        }
        return m;
    }

    private void closeStore(ResultStore store, Collector collector) {
        SQLException failure = collector.storeFailure();
        try {
            store.close();
        } catch (SQLException e) {
            failure = failure != null ? failure : e;
        }
        if (failure != null) {
            ctx.console().warn("benchmark_data.db in " + store.file().getParent() + " is incomplete ("
                    + failure.getMessage() + "); the summary and percentiles below still cover every request.");
        }
    }

    private void print(String label, Arguments.Step step, RunSummary summary, PercentileTable percentiles,
            boolean interrupted, LoadRun.Outcome outcome, RunAccumulator accumulator) {
        Console console = ctx.console();
        console.info("Benchmarking summary (" + label + (interrupted ? ", interrupted" : "") + "):");
        console.block(ConsoleTables.summary(summary));
        String failures = ConsoleTables.failures(summary);
        if (failures != null) {
            console.info("Failures by cause:");
            console.block(failures);
        }
        for (String line : dev.barrage.report.ResponseWarningLines.of(summary)) {
            console.warn(line);
        }
        console.info("Percentile results (" + label + "):");
        console.block(ConsoleTables.percentiles(percentiles, PercentileTable.EVALSCOPE_COLUMNS));
        if (step.paced() || summary.schedule().avgQueueTimeMs() > 0) {
            console.info("Schedule and coordinated omission (" + label + "): latency from each request's intended"
                    + " send time, and how late sends were");
            console.block(ConsoleTables.percentiles(percentiles, PercentileTable.COLUMNS.subList(8, 12)));
        }
        if (summary.conversations() != null) {
            var c = summary.conversations();
            console.info(String.format(Locale.ROOT, "Conversations (%s): %d, %d turns (%.2f per conversation); TTFT"
                    + " first turn %.2f ms, later turns %.2f ms; KV cache hit rate %s.", label, c.conversations(),
                    c.turns(), c.avgTurnsPerConversation(), c.firstTurnTtftMs(), c.laterTurnTtftMs(),
                    c.cacheHitPercent() == null ? "not reported by the server" : String.format(Locale.ROOT,
                            "%.2f%% (server cached_tokens)", c.cacheHitPercent())));
            console.block(ConsoleTables.conversations(accumulator.conversations().traceSummary()));
        }
        if (step.paced() && summary.conversations() != null) {
            double achieved = summary.conversations().achievedConversationRate();
            console.info(String.format(Locale.ROOT, "Conversation rate: target %s conv/s, achieved %.3f conv/s"
                    + " (%+.2f%%).", Arguments.Step.formatRate(step.rate()), achieved, 100 * (achieved / step.rate() - 1)));
        } else if (step.paced()) {
            console.info(String.format(Locale.ROOT, "Rate: target %s req/s, achieved %.3f req/s (%+.2f%%).",
                    Arguments.Step.formatRate(step.rate()), summary.schedule().achievedRate(),
                    100 * (summary.schedule().achievedRate() / step.rate() - 1)));
        }
        if (outcome.durationReached()) {
            console.info("--duration reached: " + outcome.sent() + " of " + step.number() + " requests were sent.");
        }
        if (summary.estimatedTokenRequests() > 0) {
            console.warn(summary.estimatedTokenRequests() + " response(s) carried no usage: their output tokens are"
                    + " the number of streamed token events, an estimate (prompt tokens unknown).");
        }
        FixedLengthCheck.warnIfIgnored(ctx.args(), accumulator, console);
        if (summary.tokenStats() != null && summary.successRequests() > 0) {
            console.info(summary.tokenStats().line());
        }
        console.info(summary.clientVerdict().line());
    }
}
