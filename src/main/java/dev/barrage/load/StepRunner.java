package dev.barrage.load;

import dev.barrage.StepResult;
import dev.barrage.api.ApiAdapter;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.metrics.RunSummary;
import dev.barrage.report.Console;
import dev.barrage.report.ConsoleTables;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.ResultStore;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One run of a sweep: the step folder's database, the collector, the closed-loop load, then the
 * step's JSON files and console tables. The files are written even when the run was stopped.
 */
final class StepRunner {
    private final Arguments args;
    private final Console console;
    private final StopSignal stop;
    private final HttpClient client;
    private final ApiAdapter adapter;
    private final Dataset dataset;

    StepRunner(Arguments args, Console console, StopSignal stop, HttpClient client, ApiAdapter adapter,
            Dataset dataset) {
        this.args = args;
        this.console = console;
        this.stop = stop;
        this.client = client;
        this.adapter = adapter;
        this.dataset = dataset;
    }

    /**
     * @param firstResponse receives the run's first completed request (its response headers are
     *                      kept), for the run metadata
     */
    StepResult run(Arguments.Step step, Path dir, Consumer<HttpExchange> firstResponse) throws InterruptedException {
        JsonFiles.write(dir.resolve("benchmark_args.json"), stepArgs(step));
        String label = "parallel " + step.parallel() + ", number " + step.number();
        console.info("Run " + label + " starting.");
        RunAccumulator accumulator = new RunAccumulator();
        ResultStore store = ResultStore.create(dir.resolve(ResultStore.FILE_NAME));
        Collector collector = new Collector(accumulator, store, adapter.streaming(), console, label, step.number(),
                args.logEveryNQuery(), args.debug());
        collector.start();
        int sent;
        try {
            ClosedLoopRun loop = new ClosedLoopRun(client, adapter, dataset, stop);
            sent = loop.run(step, collector);
            if (loop.firstExchange() != null) {
                firstResponse.accept(loop.firstExchange());
            }
        } finally {
            collector.finish();
            closeStore(store, collector);
        }
        RunSummary summary = accumulator.summary(step.parallel(), -1, step.number());
        PercentileTable percentiles = accumulator.percentiles();
        JsonFiles.write(dir.resolve("benchmark_summary.json"), summary.toJsonMap());
        JsonFiles.write(dir.resolve("benchmark_percentile.json"), percentiles.toRows());
        boolean interrupted = sent < step.number() || summary.interruptedRequests() > 0;
        print(label, summary, percentiles, interrupted);
        return new StepResult(step, summary, percentiles, dir, interrupted);
    }

    private Map<String, Object> stepArgs(Arguments.Step step) {
        Map<String, Object> m = new LinkedHashMap<>(args.toMaskedMap());
        m.put("parallel", step.parallel());
        m.put("number", step.number());
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
            console.warn("benchmark_data.db in " + store.file().getParent() + " is incomplete (" + failure.getMessage()
                    + "); the summary and percentiles below still cover every request.");
        }
    }

    private void print(String label, RunSummary summary, PercentileTable percentiles, boolean interrupted) {
        console.info("Benchmarking summary (" + label + (interrupted ? ", interrupted" : "") + "):");
        console.block(ConsoleTables.summary(summary));
        String failures = ConsoleTables.failures(summary);
        if (failures != null) {
            console.info("Failures by cause:");
            console.block(failures);
        }
        console.info("Percentile results (" + label + "):");
        console.block(ConsoleTables.percentiles(percentiles));
        if (summary.estimatedTokenRequests() > 0) {
            console.warn(summary.estimatedTokenRequests() + " response(s) carried no usage: their output tokens are"
                    + " the number of streamed token events, an estimate (prompt tokens unknown).");
        }
    }
}
