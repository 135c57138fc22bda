package dev.barrage.cli;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.sim.Fault;
import dev.barrage.sim.PromptTokenCounter;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimConfigException;
import dev.barrage.sim.SimDefaults;
import dev.barrage.sim.SimServer;
import dev.barrage.sim.SimStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code barrage sim}: runs the OpenAI-compatible simulator until interrupted.
 *
 * <p>Numeric options are kept as the text the user typed and converted in {@link #toConfig()},
 * so every error quotes it verbatim: {@code Invalid value '-1' for option '--itl-ms': should be
 * >= 0.} The range rules themselves live in {@link SimConfig}, one place for CLI and API.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {"Run an OpenAI-compatible LLM server simulator (/v1/chat/completions, /v1/completions,"
                + " /v1/models) with continuous-batching timing, to rehearse benchmarks without a GPU.",
                "Stops on Ctrl-C. See docs/simulator.md for the timing model."})
public final class SimCommand implements Callable<Integer> {
    /** How often a status line is printed while requests are being served. */
    static final long STATUS_INTERVAL_MS = 5_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "<host>",
            description = "Address to listen on; 0.0.0.0 for all interfaces (default: ${DEFAULT-VALUE}).")
    String host = SimDefaults.HOST;

    @Option(names = "--port", paramLabel = "<port>",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    String port = Integer.toString(SimDefaults.PORT);

    @Option(names = "--model", paramLabel = "<name>",
            description = "Model id listed by /v1/models; replies echo the request's model"
                    + " (default: ${DEFAULT-VALUE}).")
    String model = SimDefaults.MODEL;

    @Option(names = "--ttft-ms", paramLabel = "<ms>",
            description = "Time from admission to the first token, before prefill (default: ${DEFAULT-VALUE}).")
    String ttftMs = SimDefaults.format(SimDefaults.TTFT_MS);

    @Option(names = "--prefill-us-per-token", paramLabel = "<us>",
            description = "Extra time to first token per prompt token, in microseconds (default: ${DEFAULT-VALUE}).")
    String prefillUsPerToken = SimDefaults.format(SimDefaults.PREFILL_US_PER_TOKEN);

    @Option(names = "--itl-ms", paramLabel = "<ms>",
            description = "Gap between tokens with one sequence decoding (default: ${DEFAULT-VALUE}).")
    String itlMs = SimDefaults.format(SimDefaults.ITL_MS);

    @Option(names = "--itl-growth", paramLabel = "<f>",
            description = "Gap slow-down per extra decoding sequence: itl * (1 + f * (decoding - 1))"
                    + " (default: ${DEFAULT-VALUE}).")
    String itlGrowth = SimDefaults.format(SimDefaults.ITL_GROWTH);

    @Option(names = "--jitter", paramLabel = "<f>",
            description = "Random spread of every delay: each is multiplied by 1 + f * u, u uniform in [-1, 1);"
                    + " 0 to 1 (default: ${DEFAULT-VALUE}).")
    String jitter = SimDefaults.format(SimDefaults.JITTER);

    @Option(names = "--max-batch", paramLabel = "<n>",
            description = "Sequences decoding at once across all connections; the rest wait in a FIFO queue"
                    + " (default: ${DEFAULT-VALUE}).")
    String maxBatch = Integer.toString(SimDefaults.MAX_BATCH);

    @Option(names = "--reasoning-tokens", paramLabel = "<n>",
            description = "Leading tokens of each reply sent as reasoning_content (default: ${DEFAULT-VALUE}).")
    String reasoningTokens = Integer.toString(SimDefaults.REASONING_TOKENS);

    @Option(names = "--seed", paramLabel = "<n>",
            description = "Seed of the reply-length and jitter random sequences (default: ${DEFAULT-VALUE}).")
    String seed = Long.toString(SimDefaults.SEED);

    @Option(names = "--output-len", paramLabel = "MIN[:MAX]",
            description = "Natural reply length range in tokens, e.g. 16:256 or 64; max_tokens cuts it,"
                    + " min_tokens extends it (default: ${DEFAULT-VALUE}).")
    String outputLen = SimDefaults.OUTPUT_MIN_TOKENS + ":" + SimDefaults.OUTPUT_MAX_TOKENS;

    @Option(names = "--close-after-response",
            description = {"Close the connection after each response though keep-alive was announced",
                    "(mimics llama.cpp's server; default: ${DEFAULT-VALUE})."})
    boolean closeAfterResponse = SimDefaults.CLOSE_AFTER_RESPONSE;

    @Option(names = "--io-threads", paramLabel = "<n>",
            description = "Netty event-loop threads (default: ${DEFAULT-VALUE}, the available processors).")
    String ioThreads = Integer.toString(SimDefaults.ioThreads());

    @Option(names = "--tokenizer-path", paramLabel = "<path|id>",
            description = {"Count prompt tokens with this tokenizer (model folder, tokenizer.json, hub id or",
                    "tiktoken:<encoding>), applying its chat template to messages as a server does."})
    String tokenizerPath;

    @Option(names = "--fault", paramLabel = "KIND[=VALUE][@WHEN]",
            description = {"Misbehave on purpose (repeatable; the first fault that hits a request wins).",
                    "KIND: status=CODE (JSON error body), status-text=CODE (plain-text body), drop, cut=N,"
                            + " malformed=N, bad-utf8=N, huge-event=BYTES, stall-headers=S, stall-stream=S,"
                            + " endless, wrong-type[=TYPE].",
                    "WHEN: every request (default), @P%% of requests (seeded), or @every=N.",
                    "Example: --fault status=429@10%% --fault cut=5@every=20. See docs/simulator.md."})
    List<String> faults = new ArrayList<>();

    @Option(names = "--stall-at", paramLabel = "<s>",
            description = "With --stall-for: seconds after start when the whole server freezes (default: 0).")
    String stallAt = "0";

    @Option(names = "--stall-for", paramLabel = "<s>",
            description = "Freeze every event loop of the server for this many seconds, once (default: 0 = never).")
    String stallFor = "0";

    @Option(names = "--retry-after", paramLabel = "<s>",
            description = "Retry-After of 429 and 503 faults, in seconds (default: ${DEFAULT-VALUE}).")
    String retryAfter = SimDefaults.format(SimDefaults.RETRY_AFTER_S);

    @Option(names = "--stamp-events",
            description = {"Put the send time (System.nanoTime()) in every token event as \"barrage_sent_ns\",",
                    "so a client on the same machine can measure delivery lag (barrage perf --delivery-lag)."})
    boolean stampEvents;

    @Option(names = "--early-role-chunk", description = {"Send OpenAI chat's role-only chunk on admission, before the",
            "prefill delay, instead of right before the first token as vLLM and llama.cpp do: a client that times the",
            "first event of any kind (evalscope, vllm bench serve) then reads the queueing time, not the TTFT."})
    boolean earlyRoleChunk;

    @Option(names = "--api", arity = "1..*", split = ",", paramLabel = "<name>",
            description = {"Serve only these APIs, each at its usual path (default: all): openai (/v1/chat/completions,",
                    "/v1/completions), openai_responses (/v1/responses), anthropic (/v1/messages), dashscope",
                    "(/api/v1/services/aigc/text-generation/generation), sglang (/generate), trtllm",
                    "(/v2/models/<model>/generate_stream), openai_embedding (/v1/embeddings), openai_rerank (/v1/rerank)."})
    List<String> apis;

    @Option(names = "--prefix-cache", description = {"Act as a server with automatic prefix caching: a chat request",
            "repeating an earlier request's first messages gets their tokens as usage.prompt_tokens_details.cached_tokens",
            "and pays --prefill-us-per-token only for the rest (rehearses --multi-turn cache hit rates)."})
    boolean prefixCache;

    @Option(names = "--warmup-s", paramLabel = "<s>", defaultValue = "3", description = {"Before listening, serve",
            "synthetic requests in memory for this long, so the first requests meet compiled code (default: ${DEFAULT-VALUE};",
            "0 = off)."})
    double warmupS;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        if (!(warmupS >= 0) || Double.isInfinite(warmupS)) {
            throw BarrageException.invalidInput("Invalid value '" + warmupS + "' for option '--warmup-s': should be 0"
                    + " or more seconds (a finite number).");
        }
        SimConfig config = toConfig();
        PrintWriter out = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
        dev.barrage.tokenizer.Tokenizer tokenizer = dev.barrage.tokenizer.Tokenizers.load(tokenizerPath);
        PromptTokenCounter counter = tokenizer == null ? PromptTokenCounter.approximate()
                : new dev.barrage.tokenizer.TokenizerPromptCounter(tokenizer);
        if (warmupS > 0) {
            SimServer.warmUp(config, counter, Math.round(warmupS * 1000));
        }
        SimServer server = SimServer.start(config, counter);
        CountDownLatch stopped = new CountDownLatch(1);
        List<Runnable> restoreSignals = stopOnSignals(stopped);
        // if the JVM goes down another way (SIGHUP, System.exit elsewhere), still close cleanly
        Thread shutdownHook = new Thread(server::close, "barrage-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            out.println(listeningLine(server));
            if (tokenizer != null) {
                out.println("prompt tokens are counted with " + tokenizer.name()
                        + (tokenizer.chatTemplate().isPresent() ? " and its chat template" : ""));
            }
            out.flush();
            printStatusUntilStopped(server, stopped, out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            restoreSignals.forEach(Runnable::run);
            removeShutdownHook(shutdownHook);
        }
        return 0;
    }

    /**
     * Routes SIGINT and SIGTERM to {@code stopped}, so Ctrl-C closes the server and the command
     * returns 0; a second signal while closing quits at once with 130. Returns how to undo it.
     */
    private static List<Runnable> stopOnSignals(CountDownLatch stopped) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            try {
                SignalHandler previous = Signal.handle(signal, received -> {
                    if (stopped.getCount() == 0) {
                        Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
                    }
                    stopped.countDown();
                });
                restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException unavailable) {
                // ignored for this process (e.g. a background job without job control): nothing to route
            }
        }
        return restore;
    }

    private static void printStatusUntilStopped(SimServer server, CountDownLatch stopped, PrintWriter out)
            throws InterruptedException {
        SimStats previous = server.stats();
        long previousNanos = System.nanoTime();
        while (!stopped.await(STATUS_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
            SimStats now = server.stats();
            long nowNanos = System.nanoTime();
            String line = statusLine(previous, now, (nowNanos - previousNanos) / 1e9);
            if (line != null) {
                out.println(line);
                out.flush();
            }
            previous = now;
            previousNanos = nowNanos;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    /**
     * {@code barrage sim listening on http://127.0.0.1:8801 (model barrage-sim, ttft 50 ms, itl 10 ms,
     * max batch 32)}.
     */
    public static String listeningLine(SimServer server) {
        SimConfig config = server.config();
        String where = server.baseUrl();
        if (!where.contains("//" + config.host() + ":")) {
            where += " (host " + config.host() + ")";
        }
        String line = "barrage sim listening on " + where + " (model " + config.model()
                + ", ttft " + SimDefaults.format(config.ttftMs()) + " ms, itl " + SimDefaults.format(config.itlMs())
                + " ms, max batch " + config.maxBatch() + ")";
        if (!config.apis().equals(SimConfig.allApis())) {
            line += "\n  APIs: " + String.join(", ", config.apis()) + " (other generation paths answer 404)";
        }
        if (!config.faults().isEmpty()) {
            line += "\n  faults: " + String.join(", ", config.faults().stream().map(Fault::spec).toList());
        }
        if (config.stallForS() > 0) {
            line += "\n  the whole server freezes for " + SimDefaults.format(config.stallForS()) + " s, "
                    + SimDefaults.format(config.stallAtS()) + " s after start";
        }
        return line;
    }

    /**
     * {@code sim: 32 decoding, 96 queued, 2400 tok/s, 1234 requests done}, or null when nothing
     * happened since the previous snapshot (an idle simulator stays quiet).
     */
    public static String statusLine(SimStats previous, SimStats now, double elapsedSeconds) {
        boolean active = now.decoding() > 0 || now.queued() > 0 || now.requestsReceived() != previous.requestsReceived()
                || now.tokensSent() != previous.tokensSent();
        if (!active) {
            return null;
        }
        long tokensPerSecond = elapsedSeconds > 0
                ? Math.round((now.tokensSent() - previous.tokensSent()) / elapsedSeconds) : 0;
        return "sim: " + now.decoding() + " decoding, " + now.queued() + " queued, " + tokensPerSecond + " tok/s, "
                + now.completed() + " requests done";
    }

    /**
     * The options as a validated configuration.
     *
     * @throws BarrageException (invalid input) naming the option and quoting the value
     */
    public SimConfig toConfig() {
        int[] outputRange = outputRange();
        try {
            return SimConfig.builder()
                    .host(host)
                    .port(parseInt("--port", port))
                    .model(model)
                    .ttftMs(parseDouble("--ttft-ms", ttftMs))
                    .prefillUsPerToken(parseDouble("--prefill-us-per-token", prefillUsPerToken))
                    .itlMs(parseDouble("--itl-ms", itlMs))
                    .itlGrowth(parseDouble("--itl-growth", itlGrowth))
                    .jitter(parseDouble("--jitter", jitter))
                    .maxBatch(parseInt("--max-batch", maxBatch))
                    .reasoningTokens(parseInt("--reasoning-tokens", reasoningTokens))
                    .seed(parseLong("--seed", seed))
                    .outputMinTokens(outputRange[0])
                    .outputMaxTokens(outputRange[1])
                    .closeAfterResponse(closeAfterResponse)
                    .ioThreads(parseInt("--io-threads", ioThreads))
                    .faults(parseFaults())
                    .stallAtS(parseDouble("--stall-at", stallAt))
                    .stallForS(parseDouble("--stall-for", stallFor))
                    .retryAfterS(parseDouble("--retry-after", retryAfter))
                    .stampEvents(stampEvents)
                    .apis(apis != null ? apis : SimConfig.allApis())
                    .prefixCache(prefixCache)
                    .earlyRoleChunk(earlyRoleChunk)
                    .build();
        } catch (SimConfigException e) {
            String option = "--" + e.setting();
            throw invalid(option, rawValues().getOrDefault(option, "?"), e.rule());
        }
    }

    /** The text typed for each option whose SimConfig setting has the same name. */
    private Map<String, String> rawValues() {
        return Map.ofEntries(Map.entry("--host", String.valueOf(host)), Map.entry("--port", port),
                Map.entry("--model", String.valueOf(model)), Map.entry("--ttft-ms", ttftMs),
                Map.entry("--prefill-us-per-token", prefillUsPerToken), Map.entry("--itl-ms", itlMs),
                Map.entry("--itl-growth", itlGrowth), Map.entry("--jitter", jitter), Map.entry("--max-batch", maxBatch),
                Map.entry("--reasoning-tokens", reasoningTokens), Map.entry("--seed", seed),
                Map.entry("--io-threads", ioThreads), Map.entry("--stall-at", stallAt),
                Map.entry("--api", apis == null ? "" : String.join(",", apis)),
                Map.entry("--stall-for", stallFor), Map.entry("--retry-after", retryAfter));
    }

    private List<Fault> parseFaults() {
        List<Fault> parsed = new ArrayList<>();
        for (String spec : faults) {
            try {
                parsed.add(Fault.parse(spec));
            } catch (IllegalArgumentException e) {
                throw invalid("--fault", spec, e.getMessage());
            }
        }
        return parsed;
    }

    /** {@code MIN[:MAX]} as {min, max}; a single number means a fixed length. */
    private int[] outputRange() {
        String[] parts = outputLen.split(":", -1);
        if (parts.length > 2) {
            throw invalid("--output-len", outputLen, "expected MIN or MIN:MAX, e.g. 16:256");
        }
        int min = parseRangeEnd(parts[0]);
        int max = parts.length == 2 ? parseRangeEnd(parts[1]) : min;
        if (min < 1) {
            throw invalid("--output-len", outputLen, "MIN should be >= 1");
        }
        if (max < min) {
            throw invalid("--output-len", outputLen, "MAX should be >= MIN");
        }
        return new int[] {min, max};
    }

    private int parseRangeEnd(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid("--output-len", outputLen, "expected MIN or MIN:MAX whole numbers, e.g. 16:256");
        }
    }

    private static int parseInt(String option, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(option, text, "should be a whole number");
        }
    }

    private static long parseLong(String option, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(option, text, "should be a whole number");
        }
    }

    private static double parseDouble(String option, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(option, text, "should be a number");
        }
    }

    private static BarrageException invalid(String option, String value, String rule) {
        return BarrageException.invalidInput(
                "Invalid value '" + value + "' for option '" + option + "': " + rule + ".");
    }
}
