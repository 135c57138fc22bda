package dev.barrage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.Barrage;
import dev.barrage.BarrageException;
import dev.barrage.BenchmarkResults;
import dev.barrage.ExitCode;
import dev.barrage.config.Arguments;
import dev.barrage.config.Defaults;
import dev.barrage.load.StopSignal;
import dev.barrage.report.Console;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code barrage perf}: evalscope perf's flags, names and defaults. Options only collect values;
 * {@link Arguments} validates them, so the CLI and the Java API share every rule.
 */
@Command(name = "perf", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {"Benchmark an OpenAI-compatible LLM server: sweep concurrency levels, measure TTFT, ITL,"
                + " TPOT, latency and throughput, and write evalscope-compatible results.",
                "With no --url, benchmarks the built-in simulator (a short demo sweep)."},
        footer = {"", "Exit codes: 0 done, 1 threshold failed, 2 invalid input, 3 target unreachable,"
                + " 4 internal error, 130 interrupted."})
public final class PerfCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--parallel", arity = "1..*", split = ",", paramLabel = "<n>",
            description = "Concurrency of each run: requests in flight at once (default: 1; demo: 1 8 32 128).")
    List<Integer> parallel;

    @Option(names = {"-n", "--number"}, arity = "1..*", split = ",", paramLabel = "<n>",
            description = "Requests of each run, paired with --parallel (default: 1000; demo: 8 32 128 256).")
    List<Integer> number;

    @Option(names = "--model", description = "Model name sent in each request; also names the output folder.")
    String model;

    @Option(names = "--url", description = "Endpoint, e.g. http://127.0.0.1:8000/v1/chat/completions"
            + " (or /v1/completions). Default: the built-in simulator.")
    String url;

    @Option(names = "--api", description = "API protocol (default: ${DEFAULT-VALUE}).", defaultValue = Defaults.API)
    String api;

    @Option(names = "--headers", arity = "1..*", paramLabel = "<name=value>", description = "Extra request headers.")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--api-key", description = "Sent as 'Authorization: Bearer <key>'; never written to any file.")
    String apiKey;

    @Option(names = "--connect-timeout", paramLabel = "<s>", description = "Connect timeout in seconds (default: none"
            + " of its own; --total-timeout bounds it).")
    Double connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "<s>",
            description = "Fail a request when the server sends nothing for this many seconds (default: none).")
    Double readTimeout;

    @Option(names = "--total-timeout", paramLabel = "<s>",
            description = "Fail a request that takes longer than this in all (default: " + Defaults.TOTAL_TIMEOUT_S + ").")
    Double totalTimeout;

    @Option(names = "--max-tokens", description = "max_tokens of each request (default: " + Defaults.MAX_TOKENS
            + "; demo: " + Defaults.DEMO_MAX_TOKENS + ").")
    Integer maxTokens;

    @Option(names = "--min-tokens", description = "min_tokens of each request (vLLM); sent only if given.")
    Integer minTokens;

    @Option(names = "--temperature", description = "Sampling temperature (default: " + Defaults.TEMPERATURE + ").")
    Double temperature;

    @Option(names = "--top-p", description = "top_p; sent only if given.")
    Double topP;

    @Option(names = "--top-k", description = "top_k; sent only if given.")
    Integer topK;

    @Option(names = "--stop", arity = "1..*", description = "Stop strings; sent only if given.")
    List<String> stop;

    @Option(names = "--seed", description = "Seed sent in each request.")
    Long seed;

    @Option(names = "--stream", negatable = true, fallbackValue = "true",
            description = "Stream replies (SSE); --no-stream sends non-streamed requests (default: stream).")
    Boolean stream;

    @Option(names = "--extra-args", paramLabel = "<json>",
            description = "JSON object merged into every request body, e.g. '{\"ignore_eos\": true}'.")
    String extraArgs;

    @Option(names = "--query-template", paramLabel = "<json|@file>",
            description = "A request body to start from; dataset messages replace its 'messages'.")
    String queryTemplate;

    @Option(names = "--prompt", paramLabel = "<text|@file>", description = "One fixed prompt for every request.")
    String prompt;

    @Option(names = "--dataset", description = "Prompt source: openqa or line_by_line (read --dataset-path)."
            + " Default: Barrage's built-in prompts.")
    String dataset;

    @Option(names = "--dataset-path", description = "Local dataset file.")
    String datasetPath;

    @Option(names = "--outputs-dir", description = "Where result folders go (default: " + Defaults.OUTPUTS_DIR + ").")
    Path outputsDir;

    @Option(names = "--name", description = "Name of the sweep folder (default: the model name).")
    String name;

    @Option(names = "--no-timestamp", description = "Put results in <outputs-dir>/<name>/ without a timestamp folder.")
    boolean noTimestamp;

    @Option(names = "--no-test-connection", description = "Skip the one-request connection test before each run.")
    boolean noTestConnection;

    @Option(names = "--sleep-interval", paramLabel = "<s>",
            description = "Pause between runs in seconds (default: " + Defaults.SLEEP_INTERVAL_S + "; demo: "
                    + Defaults.DEMO_SLEEP_INTERVAL_S + ").")
    Double sleepInterval;

    @Option(names = "--log-every-n-query", paramLabel = "<n>",
            description = "Without a terminal, print progress every n requests (default: " + Defaults.LOG_EVERY_N_QUERY
                    + "; 0 = off).")
    Integer logEveryNQuery;

    @Option(names = "--debug", description = "Print stack traces of errors, and log each failed request to benchmark.log.")
    boolean debug;

    @Option(names = "--retries", paramLabel = "<n>",
            description = "Send a request again, up to n times, after a connection-level failure or a 429/503"
                    + " answer, honouring Retry-After (default: 0).")
    Integer retries;

    @Option(names = "--delivery-lag",
            description = "Benchmarking Barrage itself: against 'barrage sim --stamp-events' on this machine, print"
                    + " how late events arrive after the simulator sent them, and client CPU per event.")
    boolean deliveryLag;

    @Option(names = "--config", paramLabel = "<file>", description = "YAML or JSON file with the same keys"
            + " (snake_case or kebab-case); flags on the command line win.")
    Path config;

    /** Set when this instance was parsed with the config file's values already merged in. */
    boolean configMerged;

    @Override
    public Integer call() {
        if (config != null && !configMerged) {
            return ConfigFile.reparseWith(config, spec);
        }
        Arguments args = toArguments();
        Console console = Console.system();
        StopSignal stopSignal = new StopSignal().installOnSignals(console::info);
        BenchmarkResults results = Barrage.runPerfBenchmark(args, console, stopSignal);
        console.close();
        return results.interrupted() ? ExitCode.INTERRUPTED.code() : ExitCode.OK.code();
    }

    /** The validated arguments (exit code 2 on any invalid value). */
    Arguments toArguments() {
        return Arguments.builder()
                .parallel(parallel).number(number).model(model).url(url).api(api)
                .headers(headers).apiKey(apiKey)
                .connectTimeout(connectTimeout).readTimeout(readTimeout).totalTimeout(totalTimeout)
                .maxTokens(maxTokens).minTokens(minTokens).temperature(temperature).topP(topP).topK(topK)
                .stop(stop).seed(seed).stream(stream).extraArgs(parseExtraArgs(extraArgs))
                .queryTemplate(queryTemplate).prompt(prompt).dataset(dataset).datasetPath(datasetPath)
                .outputsDir(outputsDir).name(name).noTimestamp(noTimestamp).noTestConnection(noTestConnection)
                .sleepInterval(sleepInterval).logEveryNQuery(logEveryNQuery).debug(debug)
                .retries(retries).deliveryLag(deliveryLag)
                .build();
    }

    static Map<String, Object> parseExtraArgs(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode object) {
                Map<String, Object> map = new LinkedHashMap<>();
                object.fields().forEachRemaining(e -> map.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
                return map;
            }
        } catch (IOException e) {
            throw BarrageException.invalidInput("Invalid value '" + json + "' for option '--extra-args': not valid JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ").");
        }
        throw BarrageException.invalidInput("Invalid value '" + json + "' for option '--extra-args': must be a JSON"
                + " object, e.g. '{\"ignore_eos\": true}'.");
    }

    /** The original command-line tokens of this invocation, without {@code --config <file>}. */
    static List<String> withoutConfig(List<String> original) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("--config")) {
                i++;
            } else if (!a.startsWith("--config=")) {
                out.add(a);
            }
        }
        return out;
    }

    static CommandLine newCommandLine() {
        return new CommandLine(new PerfCommand());
    }
}
