package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;
import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.api.ApiAdapter;
import dev.barrage.api.OpenAiAdapter;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Datasets;
import dev.barrage.report.Console;
import dev.barrage.report.Suggestions;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.OutputLayout;
import dev.barrage.transport.ClientOptions;
import dev.barrage.transport.DeliveryLagProbe;
import dev.barrage.transport.EventLoops;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;
import dev.barrage.transport.HttpTarget;
import dev.barrage.transport.Proxies;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a whole sweep: validates and loads everything first (nothing is sent on bad input), starts
 * the embedded simulator when no URL is given, then for each (parallel, number) step runs the
 * connection test and the load, writes the step's files and prints its tables; finally the
 * overview and suggestions. Whatever happens (an error in a later step, Ctrl-C), the files of
 * every finished or interrupted step and the sweep summary are written.
 */
public final class SweepRunner {
    private final Arguments args;
    private final Console console;
    private final StopSignal stop;

    public SweepRunner(Arguments args, Console console, StopSignal stop) {
        this.args = args;
        this.console = console;
        this.stop = stop;
    }

    public BenchmarkResults run() throws InterruptedException {
        Dataset dataset = Datasets.load(args);
        ObjectNode template = QueryTemplates.load(args.queryTemplate());
        SimServer sim = args.embedded() ? startEmbeddedSimulator() : null;
        EventLoopGroup group = EventLoops.newGroup(Runtime.getRuntime().availableProcessors(), "barrage-io");
        try {
            String url = sim != null ? sim.baseUrl() + "/v1/chat/completions" : args.url();
            HttpTarget target = HttpTarget.parse(url);
            ApiAdapter adapter = new OpenAiAdapter(args, target.path(), template);
            if (args.deliveryLag()) {
                adapter = new DeliveryLagProbe(adapter);
            }
            announce(target, dataset, sim != null);
            return runSteps(group, target, adapter, dataset);
        } finally {
            console.detachLog();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            if (sim != null) {
                sim.close();
            }
        }
    }

    private SimServer startEmbeddedSimulator() {
        return SimServer.start(SimConfig.builder().port(0).build());
    }

    private void attachLog(Path root) {
        try {
            console.attachLog(root.resolve("benchmark.log"));
        } catch (IOException e) {
            console.warn("cannot write benchmark.log: " + e.getMessage());
        }
    }

    private void announce(HttpTarget target, Dataset dataset, boolean embedded) {
        if (embedded) {
            console.info("No --url given: benchmarking Barrage's built-in simulator at " + target.url()
                    + " (demo sweep --parallel " + join(args.parallel()) + " --number " + join(args.number())
                    + " --max-tokens " + args.effectiveMaxTokens() + "). Give --url to test a real server.");
        }
        console.info("Barrage " + dev.barrage.Version.get() + ": " + args.steps().size() + " run(s) against "
                + target.url() + ", model " + args.model() + ", dataset " + dataset.name() + " ("
                + dataset.size() + " prompts), " + (args.stream() ? "streaming" : "not streaming") + ".");
    }

    /**
     * The sweep root is created only once the first connection test passed, so a typo in --url
     * leaves no empty result folder behind.
     */
    private OutputLayout createLayout() {
        OutputLayout layout = OutputLayout.create(args, LocalDateTime.now());
        attachLog(layout.root());
        console.info("Results go to " + layout.root());
        return layout;
    }

    private static String join(List<Integer> values) {
        return String.join(" ", values.stream().map(String::valueOf).toList());
    }

    private BenchmarkResults runSteps(EventLoopGroup group, HttpTarget target, ApiAdapter adapter, Dataset dataset)
            throws InterruptedException {
        ClientOptions options = ClientOptions.fromSeconds(args.connectTimeout(), args.readTimeout(),
                args.totalTimeout(), args.headers(), args.apiKey())
                .withRetries(args.retries()).withProxies(Proxies.fromEnvironment());
        RunMeta meta = new RunMeta(args, target);
        OutputLayout layout = null;
        List<StepResult> results = new ArrayList<>();
        List<String> suggestions = List.of();
        try {
            List<Arguments.Step> steps = args.steps();
            for (int i = 0; i < steps.size() && !stop.requested(); i++) {
                Arguments.Step step = steps.get(i);
                if (!args.noTestConnection()) {
                    try (HttpClient probeClient = new HttpClient(group, target, ConnectionTest.options(options), adapter)) {
                        meta.recordFirstResponse(ConnectionTest.run(probeClient, adapter, stop));
                    }
                }
                try (HttpClient client = new HttpClient(group, target, options, adapter)) {
                    if (layout == null) {
                        layout = createLayout();
                        meta.fetchModels(group, options);
                        JsonFiles.write(layout.root().resolve("run_meta.json"), meta.toMap());
                    }
                    if (stop.requested()) {
                        break;
                    }
                    StepRunner runner = new StepRunner(args, console, stop, client, adapter, dataset);
                    if (adapter instanceof DeliveryLagProbe probe) {
                        probe.startStep();
                    }
                    results.add(runner.run(step, layout.stepDir(step), meta::recordFirstResponse));
                    if (adapter instanceof DeliveryLagProbe probe) {
                        console.info(probe.report());
                    }
                }
                if (i < steps.size() - 1 && args.sleepInterval() > 0 && !stop.requested()) {
                    stop.await(TimeUnit.MILLISECONDS.toNanos(Math.round(args.sleepInterval() * 1000)));
                }
            }
        } finally {
            if (!results.isEmpty()) {
                meta.finish(results);
                JsonFiles.write(layout.root().resolve("run_meta.json"), meta.toMap());
                suggestions = Suggestions.of(results);
                SweepReport.write(layout.root(), args, results, suggestions, console);
            }
        }
        if (stop.requested()) {
            console.info("Interrupted: results of " + results.size() + " run(s) are in "
                    + (layout == null ? "(nothing was measured)" : layout.root()));
        }
        return new BenchmarkResults(layout == null ? null : layout.root(), results, stop.requested(), suggestions);
    }

    /** The {@code --query-template} (JSON text or {@code @file}), parsed before any request. */
    static final class QueryTemplates {
        private QueryTemplates() {
        }

        static ObjectNode load(String option) {
            if (option == null) {
                return null;
            }
            String text = Datasets.readPromptOption(option);
            try {
                JsonNode node = JsonFiles.mapper().readTree(text);
                if (node instanceof ObjectNode object) {
                    return object;
                }
            } catch (IOException e) {
                throw BarrageException.invalidInput("Invalid value for option '--query-template': not valid JSON ("
                        + e.getMessage().lines().findFirst().orElse("") + ").");
            }
            throw BarrageException.invalidInput("Invalid value for option '--query-template': must be a JSON object"
                    + " (a request body), or @file holding one.");
        }
    }
}
