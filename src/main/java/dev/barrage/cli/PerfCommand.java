package dev.barrage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.Barrage;
import dev.barrage.BarrageException;
import dev.barrage.BenchmarkResults;
import dev.barrage.ExitCode;
import dev.barrage.config.ApiKeys;
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

    @Option(names = "--api", description = "API protocol: openai, openai_responses, anthropic, dashscope, sglang,"
            + " trtllm, openai_embedding, openai_rerank, or a plug-in's name (default: ${DEFAULT-VALUE}).",
            defaultValue = Defaults.API)
    String api;

    @Option(names = "--headers", arity = "1..*", paramLabel = "<name=value>", description = "Extra request headers.")
    Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--api-key", description = "Sent as 'Authorization: Bearer <key>'; never written to any file."
            + " Visible to every user in ps: prefer --api-key-file or $BARRAGE_API_KEY / $OPENAI_API_KEY.")
    String apiKey;

    @Option(names = "--api-key-file", paramLabel = "<file>", description = "Read the API key from this file (the"
            + " recommended way). Without a key flag: $BARRAGE_API_KEY, then the API's own variable ($OPENAI_API_KEY,"
            + " $ANTHROPIC_API_KEY, $DASHSCOPE_API_KEY).")
    Path apiKeyFile;

    @Option(names = "--connect-timeout", paramLabel = "<s>", description = "Connect timeout in seconds (default: none"
            + " of its own; --total-timeout bounds it).")
    Double connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "<s>",
            description = "Fail a request when the server sends nothing for this many seconds (default: none).")
    Double readTimeout;

    @Option(names = "--total-timeout", paramLabel = "<s>",
            description = "Fail a request that takes longer than this in all (default: " + Defaults.TOTAL_TIMEOUT_S + ").")
    Double totalTimeout;

    @Option(names = "--max-tokens", arity = "1..2", paramLabel = "<n>", description = "max_tokens of each request,"
            + " or MIN MAX drawn uniformly per request (default: " + Defaults.MAX_TOKENS + "; demo: "
            + Defaults.DEMO_MAX_TOKENS + ").")
    List<Integer> maxTokens;

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

    @Option(names = "--frequency-penalty", paramLabel = "<x>", description = "frequency_penalty, sent when set.")
    Double frequencyPenalty;

    @Option(names = "--repetition-penalty", paramLabel = "<x>",
            description = "repetition_penalty (vLLM, SGLang), sent when set.")
    Double repetitionPenalty;

    @Option(names = "--logprobs", description = "Send logprobs: true.")
    boolean logprobs;

    @Option(names = "--n-choices", paramLabel = "<n>", description = "n: completions per request, sent when set.")
    Integer nChoices;

    @Option(names = "--stop-token-ids", arity = "1..*", paramLabel = "<id>",
            description = "stop_token_ids, sent when set.")
    List<Integer> stopTokenIds;

    @Option(names = "--image-patch-size", paramLabel = "<px>", description = "Image patch side in pixels for"
            + " client-side image token counts with --tokenizer-path: ceil(h/p)*ceil(w/p) per image (default: "
            + Defaults.IMAGE_PATCH_SIZE + ").")
    Integer imagePatchSize;

    @Option(names = "--data-source", paramLabel = "<source>", description = "Where datasets without --dataset-path"
            + " are downloaded from: huggingface (default), or local (never download). evalscope's modelscope is"
            + " not reachable from Barrage: give --dataset-path.")
    String dataSource;

    @Option(names = "--db-commit-interval", paramLabel = "<rows>",
            description = "Rows per SQLite commit (default: " + Defaults.DB_COMMIT_INTERVAL + ").")
    Integer dbCommitInterval;

    /** evalscope's tuning knobs for its own process model; accepted so its commands run, and ignored with a note. */
    @Option(names = {"--queue-size-multiplier", "--in-flight-task-multiplier", "--num-workers"}, hidden = true,
            paramLabel = "<n>")
    List<String> evalscopeInternals;

    @Option(names = "--enable-progress-tracker", hidden = true)
    boolean progressTracker;

    @Option(names = "--multi-turn-args", hidden = true, paramLabel = "<json>")
    String multiTurnArgs;

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

    @Option(names = "--dataset", description = "Prompt source: openqa, longalpaca, line_by_line, custom, share_gpt"
            + " (share_gpt_zh, share_gpt_en), random, random_vl, speed_benchmark, embedding(_batch),"
            + " random_embedding(_batch), rerank, random_rerank, flickr8k, kontext_bench; traces: workload_trace,"
            + " mooncake_trace; conversations (--multi-turn): random_multi_turn, share_gpt_zh_multi_turn,"
            + " share_gpt_en_multi_turn, custom_multi_turn, swe_smith, trie_agentic_coding, trie_code_qa,"
            + " trie_office_work; or a plug-in's name. Default: Barrage's built-in prompts.")
    String dataset;

    @Option(names = "--dataset-path", description = "Local dataset file, or folder for flickr8k and kontext_bench"
            + " (openqa and longalpaca download theirs from the hub without it).")
    String datasetPath;

    @Option(names = "--outputs-dir", description = "Where result folders go (default: " + Defaults.OUTPUTS_DIR + ").")
    Path outputsDir;

    @Option(names = "--name", description = "Name of the sweep folder (default: the model name).")
    String name;

    @Option(names = "--no-timestamp", description = "Put results in <outputs-dir>/<name>/ without a timestamp folder.")
    boolean noTimestamp;

    @Option(names = "--no-test-connection", description = "Skip the one-request connection test before each run.")
    boolean noTestConnection;

    @Option(names = "--no-client-warmup", description = "Skip the warm-up of Barrage's own request path (about 1-2 s,"
            + " once per process, on an in-process simulator; never the target) before the first run.")
    boolean noClientWarmup;

    @Option(names = "--no-preconnect", description = "Open connections as requests need them, so the first requests'"
            + " TTFT and latency include TCP/TLS setup (default: each run opens its connections before its clock starts).")
    boolean noPreconnect;

    @Option(names = "--sleep-interval", paramLabel = "<s>",
            description = "Pause between runs in seconds (default: " + Defaults.SLEEP_INTERVAL_S + "; demo: "
                    + Defaults.DEMO_SLEEP_INTERVAL_S + ").")
    Double sleepInterval;

    @Option(names = "--log-every-n-query", paramLabel = "<n>",
            description = "Without a terminal, print progress every n requests (default: " + Defaults.LOG_EVERY_N_QUERY
                    + "; 0 = only a line every 30 s).")
    Integer logEveryNQuery;

    @Option(names = "--debug", description = "Print stack traces of errors, and log each failed request to benchmark.log.")
    boolean debug;

    @Option(names = "--rate", arity = "1..*", split = ",", paramLabel = "<r>",
            description = "Requests per second of each run (paired with --number; -1 = no pacing, the default)."
                    + " Sends follow an arrival schedule, capped by --parallel unless --open-loop.")
    List<Double> rate;

    @Option(names = "--open-loop", description = "No concurrency cap: requests arrive on schedule whatever is in flight"
            + " (needs --rate; --max-in-flight guards).")
    boolean openLoop;

    @Option(names = "--arrival", paramLabel = "<process>",
            description = "Arrival process with --rate: poisson, constant or gamma (default: " + Defaults.ARRIVAL + ").")
    String arrival;

    @Option(names = "--burstiness", paramLabel = "<shape>",
            description = "Gamma shape of --arrival gamma: 1 = Poisson, < 1 burstier, > 1 more regular.")
    Double burstiness;

    @Option(names = "--duration", paramLabel = "<s>",
            description = "Stop sending after this many seconds of each run; requests in flight finish.")
    Double duration;

    @Option(names = "--warmup-num", paramLabel = "<n|ratio>", description = "Warm-up requests before each run's"
            + " measured ones, left out of every figure: a count, or a fraction of --number in (0, 1).")
    Double warmupNum;

    @Option(names = "--ramp-up", paramLabel = "<s>",
            description = "Ramp the rate (with --rate) or the concurrency linearly from zero over this many seconds.")
    Double rampUp;

    @Option(names = "--multi-turn", description = "Conversations: each of --parallel workers (or each --rate"
            + " arrival) runs a conversation turn by turn, its history growing with the model's real replies;"
            + " --number counts conversations. Implied by a *_multi_turn dataset.")
    boolean multiTurn;

    @Option(names = "--min-turns", paramLabel = "<n>", description = "Fewest user turns of a random_multi_turn"
            + " conversation (default: 1).")
    Integer minTurns;

    @Option(names = "--max-turns", paramLabel = "<n>", description = "Most user turns per conversation:"
            + " random_multi_turn draws from [--min-turns, --max-turns]; longer dataset conversations are cut.")
    Integer maxTurns;

    @Option(names = "--think-time", paramLabel = "<s>", description = "Multi-turn: seconds a conversation waits"
            + " after a reply before sending its next turn (default: 0).")
    Double thinkTime;

    @Option(names = "--max-in-flight", paramLabel = "<n>", description = "Open loop: most outstanding requests;"
            + " sends beyond it are dropped and counted (default: " + Defaults.MAX_IN_FLIGHT + ").")
    Integer maxInFlight;

    @Option(names = "--goodput", arity = "1..*", paramLabel = "<slo:ms>",
            description = "Goodput objectives in ms, e.g. ttft:500 tpot:50 e2el:20000.")
    List<String> goodput;

    @Option(names = "--threshold", paramLabel = "<rule>", description = "Pass/fail rule checked on every run, e.g."
            + " 'p99_ttft<800' or 'success_rate>=0.99' (units as printed); any failure makes the exit code 1."
            + " Repeatable.")
    List<String> thresholds;

    @Option(names = "--metric-view", split = ",", paramLabel = "<tool>", description = "Also compute the figures"
            + " another tool would print for this traffic, with its definitions: evalscope, vllm, sglang, guidellm,"
            + " aiperf (repeatable or comma-separated). Written as benchmark_summary_<tool>.json next to the native"
            + " figures, which follow evalscope's keys and are always written (default: those only).")
    List<String> metricViews;

    @Option(names = "--sla-auto-tune", description = "Search the largest --sla-variable value meeting --sla-params.")
    boolean slaAutoTune;

    @Option(names = "--sla-variable", description = "parallel or rate (default: " + Defaults.SLA_VARIABLE + ").")
    String slaVariable;

    @Option(names = "--sla-params", paramLabel = "<json>",
            description = "Criteria groups, e.g. '[{\"p99_ttft\": \"<=500\"}, {\"tps\": \"max\"}]' (ms for TTFT/TPOT/ITL).")
    String slaParams;

    @Option(names = "--sla-num-runs", description = "Runs per probed value, averaged (default: " + Defaults.SLA_NUM_RUNS + ").")
    Integer slaNumRuns;

    @Option(names = "--sla-upper-bound", description = "Largest value probed (default: 65536).")
    Double slaUpperBound;

    @Option(names = "--sla-lower-bound", description = "Smallest value probed (default: 1).")
    Double slaLowerBound;

    @Option(names = "--sla-number-multiplier", description = "Requests per probe = this × value, at least enough for"
            + " the percentile asked (default: " + Defaults.SLA_NUMBER_MULTIPLIER + ").")
    Double slaNumberMultiplier;

    @Option(names = "--sla-fixed-parallel", description = "Rate search: cap concurrency at this (default: open loop).")
    Integer slaFixedParallel;

    @Option(names = "--client-event-cost-us", hidden = true,
            description = "Test instrument: burn this many CPU microseconds per SSE event on the I/O thread.")
    int clientEventCostMicros;
    @Option(names = "--visualizer", arity = "1..*", paramLabel = "<name>", description = "Also send the results to"
            + " wandb, swanlab, tensorboard, mlflow or clearml (repeatable). A visualizer that cannot reach its server"
            + " costs one warning, never the benchmark.")
    List<String> visualizer;

    @Option(names = "--wandb-api-key", paramLabel = "<key>", description = "W&B API key (default: $WANDB_API_KEY;"
            + " $WANDB_BASE_URL for a self-hosted server). Alone, it turns on --visualizer wandb. Never written anywhere.")
    String wandbApiKey;

    @Option(names = "--swanlab-api-key", paramLabel = "<key>", description = "SwanLab API key, or 'local' to keep"
            + " everything local (view it with 'barrage dashboard'). Alone, it turns on --visualizer swanlab.")
    String swanlabApiKey;

    @Option(names = "--swanlab-host", paramLabel = "<url>",
            description = "A self-hosted SwanLab server; /api is appended (default: https://api.swanlab.cn).")
    String swanlabHost;

    @Option(names = "--mlflow-tracking-uri", paramLabel = "<url>",
            description = "MLflow tracking server (default: $MLFLOW_TRACKING_URI).")
    String mlflowTrackingUri;
    @Option(names = "--retries", paramLabel = "<n>",
            description = "Send a request again, up to n times, after a connection-level failure or a 429/503"
                    + " answer, honouring Retry-After (default: 0).")
    Integer retries;

    @Option(names = "--server-metrics", paramLabel = "<url>", description = "Scrape this Prometheus page (e.g."
            + " http://127.0.0.1:8000/metrics) during every run, into benchmark_data.db and benchmark_summary.json;"
            + " repeatable. vLLM, SGLang, TGI and llama.cpp names are understood. Default: none (the demo scrapes its"
            + " simulator).")
    List<String> serverMetrics;

    @Option(names = "--server-metrics-interval", paramLabel = "<s>", description = "Seconds between scrapes (default: "
            + Defaults.SERVER_METRICS_INTERVAL_S + ").")
    Double serverMetricsInterval;

    @Option(names = "--request-id-header", paramLabel = "<name>", description = "Send each request's id in this"
            + " header, stored with the server's own ids for joining with its logs (default: "
            + Defaults.REQUEST_ID_HEADER + "; 'none' sends none).")
    String requestIdHeader;

    @Option(names = "--no-traceparent", description = "Send no W3C traceparent header (by default every request"
            + " starts a trace of its own, stored in the traceparent column).")
    boolean noTraceparent;

    @Option(names = "--delivery-lag",
            description = "Benchmarking Barrage itself: against 'barrage sim --stamp-events' on this machine, print"
                    + " how late events arrive after the simulator sent them, and client CPU per event.")
    boolean deliveryLag;

    @picocli.CommandLine.Mixin
    DatasetOptions datasetOptions = new DatasetOptions();

    @Option(names = "--config", paramLabel = "<file>", description = "YAML or JSON file with the same keys"
            + " (snake_case or kebab-case); flags on the command line win.")
    Path config;

    /** Set when this instance was parsed with the config file's values already merged in. */
    boolean configMerged;
    /** With {@link #configMerged}: whether --api-key was on the real command line, not from the file. */
    boolean apiKeyTypedBeforeMerge;

    @Override
    public Integer call() {
        if (config != null && !configMerged) {
            return ConfigFile.reparseWith(config, spec);
        }
        Arguments args = toArguments();
        Console console = Console.system();
        noteIgnoredEvalscopeFlags(console);
        noteApiKeySource(args, console);
        StopSignal stopSignal = new StopSignal().installOnSignals(console::info);
        BenchmarkResults results = Barrage.runPerfBenchmark(args, console, stopSignal);
        console.close();
        if (results.interrupted()) {
            return ExitCode.INTERRUPTED.code();
        }
        return results.thresholdsPassed() ? ExitCode.OK.code() : ExitCode.THRESHOLD_FAILED.code();
    }

    /** evalscope flags that tune its own machinery: Barrage has none of it, and says so instead of failing. */
    private void noteIgnoredEvalscopeFlags(Console console) {
        if (evalscopeInternals != null) {
            console.info("--queue-size-multiplier, --in-flight-task-multiplier and --num-workers tune evalscope's queues"
                    + " and worker processes; Barrage has neither (one event loop, requests built as they are sent):"
                    + " ignored.");
        }
        if (progressTracker) {
            console.info("--enable-progress-tracker: Barrage prints a live progress line and writes benchmark.log;"
                    + " progress.json is not written.");
        }
        if (multiTurnArgs != null) {
            console.info("--multi-turn-args is deprecated in evalscope; give its settings with --dataset-args: ignored.");
        }
    }

    private void noteApiKeySource(Arguments args, Console console) {
        boolean typed = configMerged ? apiKeyTypedBeforeMerge : spec.commandLine().getParseResult()
                .hasMatchedOption("--api-key");
        if (typed) {
            console.warn("--api-key on the command line can be read by every user of this machine (ps, /proc) and"
                    + " stays in your shell history: put the key in a file only you can read and give --api-key-file,"
                    + " or set $" + ApiKeys.BARRAGE_VARIABLE + ".");
        } else if (args.apiKeySource() != null && args.apiKeySource().startsWith("$")) {
            console.info("Sending the API key from " + args.apiKeySource() + " (--api-key or --api-key-file take"
                    + " precedence).");
        }
    }

    /** True when --debug was given (on the command line or in the --config file). */
    public boolean debug() {
        return debug;
    }

    /** The validated arguments (exit code 2 on any invalid value). */
    Arguments toArguments() {
        Arguments.Builder builder = Arguments.builder()
                .parallel(parallel).number(number).model(model).url(url).api(api)
                .headers(headers).apiKey(ApiKeys.resolve(apiKey, apiKeyFile, api, System.getenv()))
                .connectTimeout(connectTimeout).readTimeout(readTimeout).totalTimeout(totalTimeout)
                .maxTokens(maxTokens == null ? null : maxTokens.get(0)).minTokens(minTokens).temperature(temperature).topP(topP).topK(topK)
                .stop(stop).seed(seed).stream(stream).extraArgs(parseExtraArgs(extraArgs))
                .queryTemplate(queryTemplate).prompt(prompt).dataset(dataset).datasetPath(datasetPath)
                .outputsDir(outputsDir).name(name).noTimestamp(noTimestamp).noTestConnection(noTestConnection).noClientWarmup(noClientWarmup).noPreconnect(noPreconnect)
                .sleepInterval(sleepInterval).logEveryNQuery(logEveryNQuery).debug(debug)
                .rate(rate).openLoop(openLoop).arrival(arrival).burstiness(burstiness).duration(duration)
                .warmupNum(warmupNum).rampUp(rampUp).multiTurn(multiTurn).minTurns(minTurns).maxTurns(maxTurns)
                .thinkTime(thinkTime).maxInFlight(maxInFlight).goodput(parseGoodput(goodput))
                .thresholds(thresholds).metricViews(metricViews).slaAutoTune(slaAutoTune).slaVariable(slaVariable).slaParams(slaParams)
                .slaNumRuns(slaNumRuns).slaUpperBound(slaUpperBound).slaLowerBound(slaLowerBound)
                .slaNumberMultiplier(slaNumberMultiplier).slaFixedParallel(slaFixedParallel)
                .clientEventCostMicros(clientEventCostMicros)
                .visualizer(visualizer).wandbApiKey(wandbApiKey).swanlabApiKey(swanlabApiKey)
                .swanlabHost(swanlabHost).mlflowTrackingUri(mlflowTrackingUri)
                .retries(retries).deliveryLag(deliveryLag)
                .serverMetrics(serverMetrics).serverMetricsInterval(serverMetricsInterval)
                .requestIdHeader(requestIdHeader).noTraceparent(noTraceparent)
                .frequencyPenalty(frequencyPenalty).repetitionPenalty(repetitionPenalty).logprobs(logprobs)
                .nChoices(nChoices).stopTokenIds(stopTokenIds).imagePatchSize(imagePatchSize).dataSource(dataSource)
                .dbCommitInterval(dbCommitInterval);
        datasetOptions.applyTo(builder);
        if (maxTokens != null && maxTokens.size() == 2) {
            builder.maxTokensRange(maxTokens.get(0), maxTokens.get(1));
        }
        return builder.build();
    }

    /** {@code ttft:500 tpot:50} (or {@code ttft=500}) into objective name to milliseconds. */
    static Map<String, Double> parseGoodput(List<String> values) {
        Map<String, Double> objectives = new LinkedHashMap<>();
        if (values == null) {
            return objectives;
        }
        for (String v : values) {
            String[] kv = v.split("[:=]", 2);
            try {
                objectives.put(kv[0].trim().toLowerCase(java.util.Locale.ROOT), Double.parseDouble(kv[1].trim()));
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw BarrageException.invalidInput("Invalid value '" + v + "' for option '--goodput': expected"
                        + " <slo>:<milliseconds>, e.g. ttft:500 tpot:50 e2el:20000.");
            }
        }
        return objectives;
    }

    static Map<String, Object> parseExtraArgs(String json) {
        return parseJsonObject("--extra-args", json);
    }

    static Map<String, Object> parseJsonObject(String option, String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode object) {
                Map<String, Object> map = new LinkedHashMap<>();
                object.properties().forEach(e -> map.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
                return map;
            }
        } catch (IOException e) {
            throw BarrageException.invalidInput("Invalid value '" + json + "' for option '" + option + "': not valid JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ").");
        }
        throw BarrageException.invalidInput("Invalid value '" + json + "' for option '" + option + "': must be a JSON"
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
