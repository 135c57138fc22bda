package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;
import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.api.ApiAdapter;
import dev.barrage.api.ApiContext;
import dev.barrage.api.ApiPlugin;
import dev.barrage.api.ApiPlugins;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Datasets;
import dev.barrage.metrics.Threshold;
import dev.barrage.report.Console;
import dev.barrage.report.Suggestions;
import dev.barrage.report.Thresholds;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.OutputLayout;
import dev.barrage.transport.ClientOptions;
import dev.barrage.transport.DeliveryLagProbe;
import dev.barrage.transport.EventLoops;
import dev.barrage.transport.HttpTarget;
import dev.barrage.transport.Proxies;
import dev.barrage.visualizer.Visualizers;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a whole sweep: validates and loads everything first (nothing is sent on bad input), starts
 * the embedded simulator when no URL is given, then for each (parallel, number) step runs the
 * connection test and the load, writes the step's files and prints its tables; finally the
 * overview and suggestions. Whatever happens (an error in a later step, Ctrl-C), the files of
 * every finished or interrupted step and the sweep summary are written.
 */
public final class SweepRunner {
    /** The run's arguments; {@code --url} completed with the API's path when it was a bare base URL. */
    private Arguments args;
    private final Console console;
    private final StopSignal stop;
    private Visualizers visualizers;

    public SweepRunner(Arguments args, Console console, StopSignal stop) {
        this.args = args;
        this.console = console;
        this.stop = stop;
    }

    public BenchmarkResults run() throws InterruptedException {
        ApiPlugin api = ApiPlugins.find(args.api());
        args = resolveUrl(args, api);
        Dataset dataset = Datasets.load(args);
        args = TraceReplay.prepare(args, dataset, console);
        List<Arguments.Step> steps = TraceReplay.steps(args, dataset, console);
        ObjectNode template = QueryTemplates.load(args.queryTemplate());
        visualizers = Visualizers.create(args, System.getenv(), console);
        SimServer sim = args.embedded() ? startEmbeddedSimulator(api) : null;
        if (sim != null && args.serverMetrics().isEmpty()) {
            // the demo shows the server's side too: its simulator's queue, batch and KV cache
            args = args.toBuilder().serverMetrics(List.of(sim.baseUrl() + "/metrics")).build();
        }
        EventLoopGroup group = EventLoops.newGroup(Runtime.getRuntime().availableProcessors(), "barrage-io");
        try {
            String url = sim != null ? sim.baseUrl() + api.defaultPath() : args.url();
            HttpTarget target = HttpTarget.parse(url);
            ApiAdapter adapter = api.create(new ApiContext(args, target.path(), template));
            if (args.clientEventCostMicros() > 0) {
                adapter = new SlowEventAdapter(adapter, args.clientEventCostMicros());
            }
            if (args.deliveryLag()) {
                adapter = new DeliveryLagProbe(adapter);
            }
            announce(target, dataset, sim != null, steps.size());
            String serialGc = RunMeta.serialGcWarning();
            if (serialGc != null) {
                console.warn(serialGc);
            }
            ClientWarmup.Report warmup = ClientWarmup.runOnce(args, api, template, target.path(), dataset, group,
                    stop);
            if (warmup.line() != null) {
                console.info(warmup.line());
            }
            long seed = args.seed() != null ? args.seed() : new SplittableRandom().nextLong();
            StepRunner.Context ctx = new StepRunner.Context(args, console, stop, group, target.port(), adapter, dataset,
                    seed);
            return runAll(ctx, target, steps, warmup);
        } finally {
            console.detachLog();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            if (sim != null) {
                sim.close();
            }
        }
    }

    /**
     * The arguments with {@code --url} completed by the API's usual path when it is a bare base URL
     * ({@code http://host:8000} or {@code .../v1}), as evalscope does; said once when it changed.
     */
    private Arguments resolveUrl(Arguments given, ApiPlugin api) {
        if (given.embedded()) {
            return given;
        }
        String resolved = api.resolveUrl(given.url());
        if (resolved.equals(given.url())) {
            return given;
        }
        console.info("--api " + api.name() + ": requests go to " + Arguments.maskUrl(resolved) + ".");
        return given.toBuilder().url(resolved).build();
    }

    private SimServer startEmbeddedSimulator(ApiPlugin api) {
        if (!SimServer.speaks(api.name())) {
            throw BarrageException.invalidInput("The built-in simulator does not speak --api " + api.name()
                    + "; give --url of a server that does.");
        }
        // With --tokenizer-path the embedded simulator counts prompts as a real server of that model would.
        dev.barrage.tokenizer.Tokenizer tokenizer = dev.barrage.tokenizer.Tokenizers.load(args.tokenizerPath());
        SimConfig config = SimConfig.builder().port(0).build();
        return tokenizer == null ? SimServer.start(config)
                : SimServer.start(config, new dev.barrage.tokenizer.TokenizerPromptCounter(tokenizer));
    }

    private void attachLog(Path root) {
        try {
            console.attachLog(root.resolve("benchmark.log"));
        } catch (IOException e) {
            console.warn("cannot write benchmark.log: " + e.getMessage());
        }
    }

    private void announce(HttpTarget target, Dataset dataset, boolean embedded, int runs) {
        if (embedded) {
            console.info("No --url given: benchmarking Barrage's built-in simulator at " + target.url()
                    + (dataset.trace() != null ? "" : " (demo sweep --parallel " + join(args.parallel()) + " --number "
                    + join(args.number()) + " --max-tokens " + args.effectiveMaxTokens() + ")")
                    + ". Give --url to test a real server.");
        }
        String what = args.slaAutoTune() ? "an SLA search over --" + args.slaVariable()
                : runs + " run(s)";
        console.info("Barrage " + dev.barrage.Version.get() + ": " + what + " against " + Arguments.maskUrl(target.url()) + ", model "
                + args.model() + ", dataset " + dataset.name() + " (" + dataset.size() + " prompts), "
                + (args.stream() ? "streaming" : "not streaming") + ".");
    }

    private static String join(List<Integer> values) {
        return String.join(" ", values.stream().map(String::valueOf).toList());
    }

    /** The sweep root, created on first use: after the first connection test passed. */
    private final class LazyLayout implements Supplier<OutputLayout> {
        private final RunMeta meta;
        private final StepRunner.Context ctx;
        private final ClientOptions options;
        private OutputLayout layout;

        LazyLayout(RunMeta meta, StepRunner.Context ctx, ClientOptions options) {
            this.meta = meta;
            this.ctx = ctx;
            this.options = options;
        }

        @Override
        public OutputLayout get() {
            if (layout == null) {
                layout = OutputLayout.create(args, LocalDateTime.now());
                attachLog(layout.root());
                console.info("Results go to " + layout.root());
                visualizers.start(layout.root(), args);
                meta.fetchModels(ctx.ioGroup(), options);
                JsonFiles.write(layout.root().resolve("run_meta.json"), meta.toMap());
            }
            return layout;
        }

        boolean created() {
            return layout != null;
        }
    }

    /**
     * {@code --headers}, plus {@code Authorization: Basic …} from {@code user:password@} in
     * {@code --url} when neither an API key nor an Authorization header was given.
     */
    private java.util.Map<String, String> headersWithUrlCredentials() {
        String basic = HttpTarget.basicAuthorization(args.url());
        boolean authorized = args.apiKey() != null
                || args.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization"));
        if (basic == null || authorized) {
            return args.headers();
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(args.headers());
        headers.put("Authorization", basic);
        return headers;
    }

    private BenchmarkResults runAll(StepRunner.Context ctx, HttpTarget target, List<Arguments.Step> steps,
            ClientWarmup.Report warmup) throws InterruptedException {
        ClientOptions options = ClientOptions.fromSeconds(args.connectTimeout(), args.readTimeout(),
                args.totalTimeout(), headersWithUrlCredentials(), args.apiKey())
                .withRetries(args.retries()).withProxies(Proxies.fromEnvironment());
        RunMeta meta = new RunMeta(args, target);
        meta.recordClientWarmup(warmup.toMap());
        LazyLayout layout = new LazyLayout(meta, ctx, options);
        RunExecutor executor = new RunExecutor(ctx, target, options, meta);
        List<StepResult> results = new ArrayList<>();
        List<SlaTuner.GroupResult> sla = List.of();
        List<String> suggestions = List.of();
        List<Threshold.Outcome> thresholds = List.of();
        try {
            if (args.slaAutoTune()) {
                sla = new SlaTuner(args, console, executor, layout, results).run(stop);
            } else {
                runSweep(executor, layout, results, steps);
            }
        } finally {
            if (!results.isEmpty()) {
                Path root = layout.get().root();
                meta.finish(results);
                JsonFiles.write(root.resolve("run_meta.json"), meta.toMap());
                suggestions = Suggestions.of(results);
                thresholds = Thresholds.evaluate(args.thresholds(), results);
                SweepReport.write(root, args, results, suggestions, thresholds, console);
                if (args.slaAutoTune()) {
                    writeSla(root, sla);
                }
                visualizers.finish(results, root);
            }
        }
        if (stop.requested()) {
            console.info("Interrupted: results of " + results.size() + " run(s) are in "
                    + (layout.created() ? layout.get().root() : "(nothing was measured)"));
        }
        return new BenchmarkResults(layout.created() ? layout.get().root() : null, results, stop.requested(),
                suggestions, thresholds);
    }

    private void runSweep(RunExecutor executor, LazyLayout layout, List<StepResult> results,
            List<Arguments.Step> steps) throws InterruptedException {
        for (int i = 0; i < steps.size() && !stop.requested(); i++) {
            Arguments.Step step = steps.get(i);
            StepResult r = executor.execute(step, () -> layout.get().stepDir(step));
            if (r == null) {
                break;
            }
            results.add(r);
            visualizers.step(r);
            if (i < steps.size() - 1) {
                executor.pause();
            }
        }
    }

    private void writeSla(Path root, List<SlaTuner.GroupResult> sla) {
        JsonFiles.write(root.resolve("sla_summary.json"), SlaTuner.summary(args, sla));
        console.info("SLA auto-tune results (--" + args.slaVariable() + "):");
        console.block(SlaTuner.table(args.slaVariable(), sla));
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
