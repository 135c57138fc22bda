package dev.barrage.config;

import dev.barrage.BarrageException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@code barrage perf} run is asked to do, shaped like evalscope's {@code Arguments}:
 * the same names (camelCase here, snake_case in files, kebab-case on the command line) and the same
 * defaults ({@link Defaults}). Immutable and validated on {@link Builder#build()}; invalid values
 * raise a {@link BarrageException} with exit code 2 before anything is sent.
 *
 * <p>Request-body settings that a query template or dataset body may also carry ({@code maxTokens},
 * {@code temperature}, ...) are {@code null} when the user did not set them, so "unset" never
 * looks like a default; {@link #effectiveMaxTokens()} and friends apply the default.
 */
public final class Arguments {
    /** Where results can be sent besides the files ({@code --visualizer}); see docs/reports.md. */
    public static final Set<String> VISUALIZERS = Set.of("wandb", "swanlab", "tensorboard", "mlflow", "clearml");

    private final List<Integer> parallel;
    private final List<Integer> number;
    private final boolean numberGiven;
    private final String model;
    private final String url;
    private final String api;
    private final Map<String, String> headers;
    private final String apiKey;
    private final String apiKeySource;
    private final Double connectTimeout;
    private final Double readTimeout;
    private final double totalTimeout;
    private final Integer maxTokens;
    private final Integer minTokens;
    private final Double temperature;
    private final Double topP;
    private final Integer topK;
    private final List<String> stop;
    private final Long seed;
    private final boolean stream;
    private final Map<String, Object> extraArgs;
    private final String queryTemplate;
    private final String prompt;
    private final String dataset;
    private final String datasetPath;
    private final Path outputsDir;
    private final String name;
    private final boolean noTimestamp;
    private final boolean noTestConnection;
    private final boolean noClientWarmup;
    private final boolean noPreconnect;
    private final double sleepInterval;
    private final int logEveryNQuery;
    private final boolean debug;
    private final List<Double> rate;
    private final boolean openLoop;
    private final String arrival;
    private final double burstiness;
    private final Double duration;
    private final Double warmupNum;
    private final Double rampUp;
    private final boolean multiTurn;
    private final int minTurns;
    private final Integer maxTurns;
    private final Double thinkTime;
    private final Double frequencyPenalty;
    private final Double repetitionPenalty;
    private final boolean logprobs;
    private final Integer nChoices;
    private final List<Integer> stopTokenIds;
    private final int imagePatchSize;
    private final String dataSource;
    private final int dbCommitInterval;
    private final int maxInFlight;
    private final Map<String, Double> goodput;
    private final List<String> thresholds;
    /** {@code --metric-view}: other tools' definitions to compute next to the native figures; empty = none. */
    private final List<String> metricViews;
    private final boolean slaAutoTune;
    private final String slaVariable;
    private final String slaParams;
    private final int slaNumRuns;
    private final double slaUpperBound;
    private final double slaLowerBound;
    private final double slaNumberMultiplier;
    private final Integer slaFixedParallel;
    private final int clientEventCostMicros;
    private final Integer maxTokensUpper;
    private final String tokenizerPath;
    private final Map<String, Object> datasetArgs;
    private final int minPromptLength;
    private final int maxPromptLength;
    private final int prefixLength;
    private final long datasetOffset;
    private final boolean tokenizePrompt;
    private final Boolean applyChatTemplate;
    private final int imageWidth;
    private final int imageHeight;
    private final String imageFormat;
    private final int imageNum;
    private final List<String> visualizer;
    private final String wandbApiKey;
    private final String swanlabApiKey;
    private final String swanlabHost;
    private final String mlflowTrackingUri;
    private final int retries;
    private final boolean deliveryLag;
    private final List<String> serverMetrics;
    private final double serverMetricsInterval;
    private final String requestIdHeader;
    private final boolean traceparent;

    private Arguments(Builder b) {
        boolean embedded = b.url == null;
        this.url = b.url;
        this.parallel = List.copyOf(b.parallel != null ? b.parallel : embedded ? Defaults.DEMO_PARALLEL : Defaults.PARALLEL);
        this.number = List.copyOf(b.number != null ? b.number : embedded ? Defaults.DEMO_NUMBER : Defaults.NUMBER);
        this.numberGiven = b.numberGiven;
        this.model = b.model != null ? b.model : embedded ? Defaults.DEMO_MODEL : null;
        this.api = b.api != null ? b.api : Defaults.API;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.apiKey = b.apiKey;
        this.apiKeySource = b.apiKey == null ? null : b.apiKeySource != null ? b.apiKeySource : "--api-key";
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.totalTimeout = b.totalTimeout != null ? b.totalTimeout : Defaults.TOTAL_TIMEOUT_S;
        this.maxTokens = b.maxTokens != null ? b.maxTokens : embedded ? Integer.valueOf(Defaults.DEMO_MAX_TOKENS) : null;
        this.minTokens = b.minTokens;
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.topK = b.topK;
        this.stop = b.stop == null ? List.of() : List.copyOf(b.stop);
        this.seed = b.seed;
        this.stream = b.stream != null ? b.stream : Defaults.STREAM;
        this.extraArgs = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraArgs));
        this.queryTemplate = b.queryTemplate;
        this.prompt = b.prompt;
        this.dataset = b.dataset;
        this.datasetPath = b.datasetPath;
        this.outputsDir = b.outputsDir != null ? b.outputsDir : Path.of(Defaults.OUTPUTS_DIR);
        this.name = b.name;
        this.noTimestamp = b.noTimestamp;
        this.noTestConnection = b.noTestConnection;
        this.noClientWarmup = b.noClientWarmup;
        this.noPreconnect = b.noPreconnect;
        this.sleepInterval = b.sleepInterval != null ? b.sleepInterval
                : embedded ? Defaults.DEMO_SLEEP_INTERVAL_S : Defaults.SLEEP_INTERVAL_S;
        this.logEveryNQuery = b.logEveryNQuery != null ? b.logEveryNQuery : Defaults.LOG_EVERY_N_QUERY;
        this.debug = b.debug;
        this.rate = b.rate == null ? List.of() : List.copyOf(b.rate);
        this.openLoop = b.openLoop;
        this.arrival = b.arrival != null ? b.arrival : Defaults.ARRIVAL;
        this.burstiness = b.burstiness != null ? b.burstiness : Defaults.BURSTINESS;
        this.duration = b.duration;
        this.warmupNum = b.warmupNum;
        this.rampUp = b.rampUp;
        this.multiTurn = b.multiTurn;
        this.minTurns = b.minTurns != null ? b.minTurns : 1;
        this.maxTurns = b.maxTurns;
        this.thinkTime = b.thinkTime;
        this.frequencyPenalty = b.frequencyPenalty;
        this.repetitionPenalty = b.repetitionPenalty;
        this.logprobs = b.logprobs;
        this.nChoices = b.nChoices;
        this.stopTokenIds = b.stopTokenIds == null ? List.of() : List.copyOf(b.stopTokenIds);
        this.imagePatchSize = b.imagePatchSize != null ? b.imagePatchSize : Defaults.IMAGE_PATCH_SIZE;
        this.dataSource = b.dataSource != null ? b.dataSource : Defaults.DATA_SOURCE;
        this.dbCommitInterval = b.dbCommitInterval != null ? b.dbCommitInterval : Defaults.DB_COMMIT_INTERVAL;
        this.maxInFlight = b.maxInFlight != null ? b.maxInFlight : Defaults.MAX_IN_FLIGHT;
        this.goodput = Collections.unmodifiableMap(new LinkedHashMap<>(b.goodput));
        this.thresholds = b.thresholds == null ? List.of() : List.copyOf(b.thresholds);
        this.metricViews = b.metricViews == null ? List.of() : List.copyOf(b.metricViews);
        this.slaAutoTune = b.slaAutoTune;
        this.slaVariable = b.slaVariable != null ? b.slaVariable : Defaults.SLA_VARIABLE;
        this.slaParams = b.slaParams;
        this.slaNumRuns = b.slaNumRuns != null ? b.slaNumRuns : Defaults.SLA_NUM_RUNS;
        this.slaUpperBound = b.slaUpperBound != null ? b.slaUpperBound : Defaults.SLA_UPPER_BOUND;
        this.slaLowerBound = b.slaLowerBound != null ? b.slaLowerBound : Defaults.SLA_LOWER_BOUND;
        this.slaNumberMultiplier = b.slaNumberMultiplier != null ? b.slaNumberMultiplier
                : Defaults.SLA_NUMBER_MULTIPLIER;
        this.slaFixedParallel = b.slaFixedParallel;
        this.clientEventCostMicros = b.clientEventCostMicros;
        this.maxTokensUpper = b.maxTokensUpper;
        this.tokenizerPath = b.tokenizerPath;
        this.datasetArgs = Collections.unmodifiableMap(new LinkedHashMap<>(b.datasetArgs));
        this.minPromptLength = b.minPromptLength != null ? b.minPromptLength : Defaults.MIN_PROMPT_LENGTH;
        this.maxPromptLength = b.maxPromptLength != null ? b.maxPromptLength : Defaults.MAX_PROMPT_LENGTH;
        this.prefixLength = b.prefixLength != null ? b.prefixLength : 0;
        this.datasetOffset = b.datasetOffset != null ? b.datasetOffset : 0;
        this.tokenizePrompt = b.tokenizePrompt;
        this.applyChatTemplate = b.applyChatTemplate;
        this.imageWidth = b.imageWidth != null ? b.imageWidth : Defaults.IMAGE_WIDTH;
        this.imageHeight = b.imageHeight != null ? b.imageHeight : Defaults.IMAGE_HEIGHT;
        this.imageFormat = b.imageFormat != null ? b.imageFormat : Defaults.IMAGE_FORMAT;
        this.imageNum = b.imageNum != null ? b.imageNum : Defaults.IMAGE_NUM;
        this.visualizer = b.visualizer == null ? List.of() : List.copyOf(b.visualizer);
        this.wandbApiKey = b.wandbApiKey;
        this.swanlabApiKey = b.swanlabApiKey;
        this.swanlabHost = b.swanlabHost;
        this.mlflowTrackingUri = b.mlflowTrackingUri;
        this.retries = b.retries != null ? b.retries : Defaults.RETRIES;
        this.deliveryLag = b.deliveryLag;
        this.serverMetrics = b.serverMetrics == null ? List.of() : List.copyOf(b.serverMetrics);
        this.serverMetricsInterval = b.serverMetricsInterval != null ? b.serverMetricsInterval
                : Defaults.SERVER_METRICS_INTERVAL_S;
        String idHeader = b.requestIdHeader != null ? b.requestIdHeader.strip() : Defaults.REQUEST_ID_HEADER;
        this.requestIdHeader = idHeader.isEmpty() || idHeader.equalsIgnoreCase("none") ? null : idHeader;
        this.traceparent = !b.noTraceparent;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's values, for deriving a modified copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.parallel = parallel;
        b.number = number;
        b.numberGiven = numberGiven;
        b.model = model;
        b.url = url;
        b.api = api;
        b.headers.putAll(headers);
        b.apiKey = apiKey;
        b.apiKeySource = apiKeySource;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.totalTimeout = totalTimeout;
        b.maxTokens = maxTokens;
        b.minTokens = minTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.topK = topK;
        b.stop = stop;
        b.seed = seed;
        b.stream = stream;
        b.extraArgs.putAll(extraArgs);
        b.queryTemplate = queryTemplate;
        b.prompt = prompt;
        b.dataset = dataset;
        b.datasetPath = datasetPath;
        b.outputsDir = outputsDir;
        b.name = name;
        b.noTimestamp = noTimestamp;
        b.noTestConnection = noTestConnection;
        b.noClientWarmup = noClientWarmup;
        b.noPreconnect = noPreconnect;
        b.sleepInterval = sleepInterval;
        b.logEveryNQuery = logEveryNQuery;
        b.debug = debug;
        b.rate = rate;
        b.openLoop = openLoop;
        b.arrival = arrival;
        b.burstiness = burstiness;
        b.duration = duration;
        b.warmupNum = warmupNum;
        b.rampUp = rampUp;
        b.multiTurn = multiTurn;
        b.minTurns = minTurns;
        b.maxTurns = maxTurns;
        b.thinkTime = thinkTime;
        b.frequencyPenalty = frequencyPenalty;
        b.repetitionPenalty = repetitionPenalty;
        b.logprobs = logprobs;
        b.nChoices = nChoices;
        b.stopTokenIds = stopTokenIds;
        b.imagePatchSize = imagePatchSize;
        b.dataSource = dataSource;
        b.dbCommitInterval = dbCommitInterval;
        b.maxInFlight = maxInFlight;
        b.goodput.putAll(goodput);
        b.thresholds = thresholds;
        b.metricViews = metricViews;
        b.slaAutoTune = slaAutoTune;
        b.slaVariable = slaVariable;
        b.slaParams = slaParams;
        b.slaNumRuns = slaNumRuns;
        b.slaUpperBound = slaUpperBound;
        b.slaLowerBound = slaLowerBound;
        b.slaNumberMultiplier = slaNumberMultiplier;
        b.slaFixedParallel = slaFixedParallel;
        b.clientEventCostMicros = clientEventCostMicros;
        b.maxTokensUpper = maxTokensUpper;
        b.tokenizerPath = tokenizerPath;
        b.datasetArgs.putAll(datasetArgs);
        b.minPromptLength = minPromptLength;
        b.maxPromptLength = maxPromptLength;
        b.prefixLength = prefixLength;
        b.datasetOffset = datasetOffset;
        b.tokenizePrompt = tokenizePrompt;
        b.applyChatTemplate = applyChatTemplate;
        b.imageWidth = imageWidth;
        b.imageHeight = imageHeight;
        b.imageFormat = imageFormat;
        b.imageNum = imageNum;
        b.visualizer = visualizer;
        b.wandbApiKey = wandbApiKey;
        b.swanlabApiKey = swanlabApiKey;
        b.swanlabHost = swanlabHost;
        b.mlflowTrackingUri = mlflowTrackingUri;
        b.retries = retries;
        b.deliveryLag = deliveryLag;
        b.serverMetrics = serverMetrics;
        b.serverMetricsInterval = serverMetricsInterval;
        b.requestIdHeader = requestIdHeader == null ? "none" : requestIdHeader;
        b.noTraceparent = !traceparent;
        return b;
    }

    // ---- accessors (evalscope names) ----

    public List<Integer> parallel() { return parallel; }
    public List<Integer> number() { return number; }
    /** True when --number was given (a trace replay without it replays every record). */
    public boolean numberGiven() { return numberGiven; }
    public String model() { return model; }
    /** The target URL, or {@code null} for the embedded simulator. */
    public String url() { return url; }
    public String api() { return api; }
    public Map<String, String> headers() { return headers; }
    public String apiKey() { return apiKey; }
    /** Where {@link #apiKey()} came from ({@link ApiKeys}), e.g. "$OPENAI_API_KEY"; {@code null} without a key. */
    public String apiKeySource() { return apiKeySource; }
    /** Seconds, or {@code null} for no connect timeout of its own (the total timeout still applies). */
    public Double connectTimeout() { return connectTimeout; }
    /** Seconds without a byte from the server, or {@code null} for none. */
    public Double readTimeout() { return readTimeout; }
    /** Seconds a request may take in all. */
    public double totalTimeout() { return totalTimeout; }
    public Integer maxTokens() { return maxTokens; }
    public Integer minTokens() { return minTokens; }
    public Double temperature() { return temperature; }
    public Double topP() { return topP; }
    public Integer topK() { return topK; }
    public List<String> stop() { return stop; }
    public Long seed() { return seed; }
    public boolean stream() { return stream; }
    public Map<String, Object> extraArgs() { return extraArgs; }
    public String queryTemplate() { return queryTemplate; }
    public String prompt() { return prompt; }
    /** The dataset name, or {@code null} for the small built-in prompt set. */
    public String dataset() { return dataset; }
    public String datasetPath() { return datasetPath; }
    public Path outputsDir() { return outputsDir; }
    public String name() { return name; }
    public boolean noTimestamp() { return noTimestamp; }
    public boolean noTestConnection() { return noTestConnection; }
    /** True when the in-process warm-up of Barrage's own request path before the first run is skipped. */
    public boolean noClientWarmup() { return noClientWarmup; }
    /** True when a run's connections are opened by its requests, not before its clock starts. */
    public boolean noPreconnect() { return noPreconnect; }
    /** Seconds between sweep steps. */
    public double sleepInterval() { return sleepInterval; }
    public int logEveryNQuery() { return logEveryNQuery; }
    public boolean debug() { return debug; }
    /** Requests per second of each run; empty (evalscope's -1) means no pacing. */
    public List<Double> rate() { return rate; }
    /** No concurrency cap: arrivals follow the rate whatever the responses do. */
    public boolean openLoop() { return openLoop; }
    /** "poisson", "constant" or "gamma". */
    public String arrival() { return arrival; }
    /** Gamma shape of the gaps between arrivals; 1 = Poisson, larger = more regular. */
    public double burstiness() { return burstiness; }
    /** Seconds after which a run stops sending, or {@code null}. */
    public Double duration() { return duration; }
    /** Warm-up requests per run: a count (at least 1), or a fraction of --number in (0, 1). */
    public Double warmupNum() { return warmupNum; }
    /** Seconds of linear ramp from zero to the full rate or concurrency, or {@code null}. */
    public Double rampUp() { return rampUp; }
    /** Conversations instead of single requests: {@code --number} counts conversations. */
    public boolean multiTurn() {
        return multiTurn || isConversationDataset(dataset);
    }

    /** The datasets whose prompts are conversations: {@code *_multi_turn}, {@code swe_smith}, {@code trie_*}. */
    public static boolean isConversationDataset(String name) {
        return name != null && (name.endsWith("multi_turn") || name.equals("swe_smith") || name.startsWith("trie_"));
    }

    /** True when {@code --multi-turn} itself was given (a conversation dataset implies it). */
    public boolean multiTurnFlag() { return multiTurn; }
    /** Fewest user turns of a random_multi_turn conversation. */
    public int minTurns() { return minTurns; }
    /** Most user turns per conversation (random_multi_turn draws up to it; others are cut there), or {@code null}. */
    public Integer maxTurns() { return maxTurns; }
    /** Seconds a conversation waits after a reply before its next turn, or {@code null}. */
    public Double thinkTime() { return thinkTime; }
    /** {@code frequency_penalty} sent when set. */
    public Double frequencyPenalty() { return frequencyPenalty; }
    /** {@code repetition_penalty} (vLLM, SGLang) sent when set. */
    public Double repetitionPenalty() { return repetitionPenalty; }
    /** {@code logprobs: true} sent when set. */
    public boolean logprobs() { return logprobs; }
    /** {@code n}: completions per request, sent when set. */
    public Integer nChoices() { return nChoices; }
    /** {@code stop_token_ids} sent when set (empty = not sent). */
    public List<Integer> stopTokenIds() { return stopTokenIds; }
    /** Pixels per image patch side, for client-side image token counts. */
    public int imagePatchSize() { return imagePatchSize; }
    /** Where datasets without --dataset-path come from: huggingface, modelscope or local. */
    public String dataSource() { return dataSource; }
    /** Rows per SQLite commit. */
    public int dbCommitInterval() { return dbCommitInterval; }
    /** Open loop: most requests outstanding at once; sends beyond it are dropped and counted. */
    public int maxInFlight() { return maxInFlight; }
    /** SLOs for goodput, in milliseconds: ttft, tpot, e2el. */
    public Map<String, Double> goodput() { return goodput; }
    /** k6-style pass/fail rules, e.g. "p99_ttft<800". */
    public List<String> thresholds() { return thresholds; }
    public List<String> metricViews() { return metricViews; }
    public boolean slaAutoTune() { return slaAutoTune; }
    /** "parallel" or "rate". */
    public String slaVariable() { return slaVariable; }
    /** JSON list of criteria groups, e.g. [{"p99_ttft": "<=500"}]. */
    public String slaParams() { return slaParams; }
    public int slaNumRuns() { return slaNumRuns; }
    public double slaUpperBound() { return slaUpperBound; }
    public double slaLowerBound() { return slaLowerBound; }
    public double slaNumberMultiplier() { return slaNumberMultiplier; }
    /** Rate search only: a concurrency cap for the probes (default: open loop). */
    public Integer slaFixedParallel() { return slaFixedParallel; }
    /**
     * Test instrument: CPU microseconds burnt on the I/O thread per SSE event, to starve the client
     * on purpose (0 = off). Hidden from the help; see docs/metrics.md, client-bottleneck verdict.
     */
    public int clientEventCostMicros() { return clientEventCostMicros; }
    /**
     * With {@code --max-tokens MIN MAX}: the upper end, each request's max_tokens drawn uniformly
     * from [maxTokens(), maxTokensUpper()]; {@code null} for one fixed value.
     */
    public Integer maxTokensUpper() { return maxTokensUpper; }
    /** A model folder, tokenizer.json, hub model id or tiktoken:&lt;encoding&gt;; {@code null} for none. */
    public String tokenizerPath() { return tokenizerPath; }
    /** Dataset settings ({@code --dataset-args}); read by the dataset, never sent in a request body. */
    public Map<String, Object> datasetArgs() { return datasetArgs; }
    /** Prompt length bounds: tokens with a tokenizer, else characters. */
    public int minPromptLength() { return minPromptLength; }
    public int maxPromptLength() { return maxPromptLength; }
    /** Random datasets: tokens of a random prefix shared by every prompt. */
    public int prefixLength() { return prefixLength; }
    /** Random datasets: index of the first prompt generated (shifts the whole set). */
    public long datasetOffset() { return datasetOffset; }
    /** Send token ids instead of text as the completions {@code prompt}. */
    public boolean tokenizePrompt() { return tokenizePrompt; }
    /** {@code --apply-chat-template}: {@code null} = auto (true for chat/completions URLs). */
    public Boolean applyChatTemplate() { return applyChatTemplate; }
    /** random_vl: size, colour mode (RGB or L) and number of generated images per prompt. */
    public int imageWidth() { return imageWidth; }
    public int imageHeight() { return imageHeight; }
    public String imageFormat() { return imageFormat; }
    public int imageNum() { return imageNum; }

    /** Warm-up requests for a run of {@code number} requests (evalscope's rule for ratios). */
    public int warmupCount(int number) {
        if (warmupNum == null || warmupNum <= 0) {
            return 0;
        }
        return warmupNum < 1 ? Math.max(1, (int) (warmupNum * number)) : (int) Math.round(warmupNum);
    }
    /** {@code --visualizer} names as given (validated against {@link #VISUALIZERS}). */
    public List<String> visualizer() { return visualizer; }
    /** W&amp;B key from the command line, or {@code null} (WANDB_API_KEY is read by the visualizer). */
    public String wandbApiKey() { return wandbApiKey; }
    /** SwanLab key, or "local" to keep everything local, or {@code null}. */
    public String swanlabApiKey() { return swanlabApiKey; }
    public String swanlabHost() { return swanlabHost; }
    public String mlflowTrackingUri() { return mlflowTrackingUri; }
    /** {@code --retries}: re-sends after connection-level failures and 429/503 answers. */
    public int retries() { return retries; }
    /** {@code --delivery-lag}: compare a stamping simulator's send times with arrival (benchmarking Barrage). */
    public boolean deliveryLag() { return deliveryLag; }
    /** {@code --server-metrics}: Prometheus pages scraped during every run; empty for none. */
    public List<String> serverMetrics() { return serverMetrics; }
    /** {@code --server-metrics-interval}, seconds between scrapes. */
    public double serverMetricsInterval() { return serverMetricsInterval; }
    /** {@code --request-id-header}: the header carrying each request's id; {@code null} for none. */
    public String requestIdHeader() { return requestIdHeader; }
    /** False with {@code --no-traceparent}. */
    public boolean traceparent() { return traceparent; }

    public boolean embedded() { return url == null; }
    public int effectiveMaxTokens() { return maxTokens != null ? maxTokens : Defaults.MAX_TOKENS; }
    public double effectiveTemperature() { return temperature != null ? temperature : Defaults.TEMPERATURE; }

    /**
     * The sweep: one run per position of the paired lists --parallel, --number and --rate, in the
     * order given. A list of one value applies to every run.
     */
    public List<Step> steps() {
        int runs = Math.max(parallel.size(), Math.max(number.size(), rate.size()));
        List<Step> steps = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            double r = rate.isEmpty() ? -1 : pick(rate, i);
            int p = openLoop ? -1 : pick(parallel, i);
            steps.add(new Step(p, pick(number, i), r));
        }
        return steps;
    }

    private static <T> T pick(List<T> values, int i) {
        return values.get(values.size() == 1 ? 0 : i);
    }

    /**
     * One sweep step.
     *
     * @param parallel most requests in flight; -1 = no cap (open loop)
     * @param number   measured requests
     * @param rate     arrivals per second; -1 = none (closed loop: each completion sends the next)
     */
    public record Step(int parallel, int number, double rate) {
        public Step(int parallel, int number) {
            this(parallel, number, -1);
        }

        public boolean paced() {
            return rate > 0;
        }

        public boolean openLoop() {
            return parallel < 0;
        }

        /** evalscope's folder names: parallel_P_number_N, or rate_R_number_N in open loop. */
        public String folderName() {
            String r = "rate_" + formatRate(rate);
            if (openLoop()) {
                return r + "_number_" + number;
            }
            return "parallel_" + parallel + (paced() ? "_" + r : "") + "_number_" + number;
        }

        public static String formatRate(double rate) {
            return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
        }
    }

    /**
     * The name of the sweep-root folder: {@code --name}, else the model's last path segment
     * (evalscope's {@code model_id}), with characters unsafe in file names replaced by '_'.
     */
    public String runName() {
        String raw = name != null ? name : model != null ? lastSegment(model) : "run";
        return raw.replaceAll("[<>:\"|?*\\\\/\\x00]", "_");
    }

    private static String lastSegment(String model) {
        String trimmed = model.endsWith("/") ? model.substring(0, model.length() - 1) : model;
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }

    /**
     * A URL fit for files, logs and messages: user:password and the values of credential-like
     * query parameters (key, token, secret, password, signature, ...) replaced by {@code ***}.
     */
    public static String maskUrl(String url) {
        return UrlCredentials.mask(url);
    }

    /** True for header names that carry credentials; their values never reach a file or log. */
    public static boolean isSecretHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("authorization") || n.contains("key") || n.contains("token") || n.contains("secret")
                || n.contains("password") || n.contains("cookie") || n.contains("auth");
    }

    /**
     * The arguments as evalscope writes them to {@code benchmark_args.json}: snake_case keys,
     * the API key and credential-like header values replaced by {@code ***}.
     */
    public Map<String, Object> toMaskedMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("url", maskUrl(url));
        m.put("api", api);
        m.put("parallel", parallel);
        m.put("number", number);
        Map<String, String> maskedHeaders = new LinkedHashMap<>();
        headers.forEach((k, v) -> maskedHeaders.put(k, isSecretHeader(k) ? "***" : v));
        m.put("headers", maskedHeaders);
        m.put("api_key", apiKey == null ? null : "***");
        m.put("api_key_source", apiKeySource);
        m.put("connect_timeout", connectTimeout);
        m.put("read_timeout", readTimeout);
        m.put("total_timeout", totalTimeout);
        m.put("max_tokens", maxTokensUpper == null ? (Object) effectiveMaxTokens() : List.of(effectiveMaxTokens(), maxTokensUpper));
        m.put("min_tokens", minTokens);
        m.put("temperature", effectiveTemperature());
        m.put("top_p", topP);
        m.put("top_k", topK);
        m.put("stop", stop.isEmpty() ? null : stop);
        m.put("seed", seed);
        m.put("stream", stream);
        m.put("extra_args", extraArgs);
        m.put("query_template", queryTemplate);
        m.put("prompt", prompt);
        m.put("dataset", dataset == null ? "builtin" : dataset);
        m.put("dataset_path", datasetPath);
        m.put("outputs_dir", outputsDir.toString());
        m.put("name", name);
        m.put("no_timestamp", noTimestamp);
        m.put("no_test_connection", noTestConnection);
        m.put("no_client_warmup", noClientWarmup);
        m.put("no_preconnect", noPreconnect);
        m.put("sleep_interval", sleepInterval);
        m.put("log_every_n_query", logEveryNQuery);
        m.put("debug", debug);
        m.put("rate", rate.isEmpty() ? -1 : rate);
        m.put("open_loop", openLoop);
        m.put("arrival", arrival);
        m.put("burstiness", burstiness);
        m.put("duration", duration);
        m.put("warmup_num", warmupNum);
        m.put("ramp_up", rampUp);
        m.put("multi_turn", multiTurn());
        m.put("min_turns", minTurns);
        m.put("max_turns", maxTurns);
        m.put("think_time", thinkTime);
        m.put("frequency_penalty", frequencyPenalty);
        m.put("repetition_penalty", repetitionPenalty);
        m.put("logprobs", logprobs);
        m.put("n_choices", nChoices);
        m.put("stop_token_ids", stopTokenIds.isEmpty() ? null : stopTokenIds);
        m.put("image_patch_size", imagePatchSize);
        m.put("data_source", dataSource);
        m.put("db_commit_interval", dbCommitInterval);
        m.put("max_in_flight", maxInFlight);
        m.put("goodput", goodput.isEmpty() ? null : goodput);
        m.put("thresholds", thresholds.isEmpty() ? null : thresholds);
        m.put("metric_view", metricViews.isEmpty() ? null : metricViews);
        m.put("tokenizer_path", tokenizerPath);
        m.put("dataset_args", datasetArgs.isEmpty() ? null : datasetArgs);
        m.put("min_prompt_length", minPromptLength);
        m.put("max_prompt_length", maxPromptLength);
        m.put("prefix_length", prefixLength);
        m.put("dataset_offset", datasetOffset);
        m.put("tokenize_prompt", tokenizePrompt);
        m.put("apply_chat_template", applyChatTemplate == null ? "auto" : applyChatTemplate);
        if ("random_vl".equals(dataset)) {
            m.put("image_width", imageWidth);
            m.put("image_height", imageHeight);
            m.put("image_format", imageFormat);
            m.put("image_num", imageNum);
        }
        m.put("sla_auto_tune", slaAutoTune);
        if (slaAutoTune) {
            m.put("sla_variable", slaVariable);
            m.put("sla_params", slaParams);
            m.put("sla_num_runs", slaNumRuns);
            m.put("sla_upper_bound", slaUpperBound);
            m.put("sla_lower_bound", slaLowerBound);
            m.put("sla_number_multiplier", slaNumberMultiplier);
            m.put("sla_fixed_parallel", slaFixedParallel);
        }
        m.put("visualizer", visualizer.isEmpty() ? null : visualizer);
        m.put("wandb_api_key", wandbApiKey == null ? null : "***");
        m.put("swanlab_api_key", swanlabApiKey == null ? null : "local".equals(swanlabApiKey) ? "local" : "***");
        m.put("swanlab_host", maskUrl(swanlabHost));
        m.put("mlflow_tracking_uri", maskUrl(mlflowTrackingUri));
        m.put("retries", retries);
        m.put("delivery_lag", deliveryLag);
        m.put("server_metrics", serverMetrics.isEmpty() ? null : serverMetrics.stream().map(Arguments::maskUrl).toList());
        m.put("server_metrics_interval", serverMetricsInterval);
        m.put("request_id_header", requestIdHeader);
        m.put("traceparent", traceparent);
        return m;
    }

    /** Fluent builder; every setter takes evalscope's name. {@link #build()} validates. */
    public static final class Builder {
        private List<Integer> parallel;
        private List<Integer> number;
        private boolean numberGiven;
        private String model;
        private String url;
        private String api;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String apiKey;
        private String apiKeySource;
        private Double connectTimeout;
        private Double readTimeout;
        private Double totalTimeout;
        private Integer maxTokens;
        private Integer minTokens;
        private Double temperature;
        private Double topP;
        private Integer topK;
        private List<String> stop;
        private Long seed;
        private Boolean stream;
        private final Map<String, Object> extraArgs = new LinkedHashMap<>();
        private String queryTemplate;
        private String prompt;
        private String dataset;
        private String datasetPath;
        private Path outputsDir;
        private String name;
        private boolean noTimestamp;
        private boolean noTestConnection;
        private boolean noClientWarmup;
        private boolean noPreconnect;
        private Double sleepInterval;
        private Integer logEveryNQuery;
        private boolean debug;
        private List<Double> rate;
        private boolean openLoop;
        private String arrival;
        private Double burstiness;
        private Double duration;
        private Double warmupNum;
        private Double rampUp;
        private boolean multiTurn;
        private Integer minTurns;
        private Integer maxTurns;
        private Double thinkTime;
        private Double frequencyPenalty;
        private Double repetitionPenalty;
        private boolean logprobs;
        private Integer nChoices;
        private List<Integer> stopTokenIds;
        private Integer imagePatchSize;
        private String dataSource;
        private Integer dbCommitInterval;
        private Integer maxInFlight;
        private final Map<String, Double> goodput = new LinkedHashMap<>();
        private List<String> thresholds;
        private List<String> metricViews;
        private boolean slaAutoTune;
        private String slaVariable;
        private String slaParams;
        private Integer slaNumRuns;
        private Double slaUpperBound;
        private Double slaLowerBound;
        private Double slaNumberMultiplier;
        private Integer slaFixedParallel;
        private int clientEventCostMicros;
        private Integer maxTokensUpper;
        private String tokenizerPath;
        private final Map<String, Object> datasetArgs = new LinkedHashMap<>();
        private Integer minPromptLength;
        private Integer maxPromptLength;
        private Integer prefixLength;
        private Long datasetOffset;
        private boolean tokenizePrompt;
        private Boolean applyChatTemplate;
        private Integer imageWidth;
        private Integer imageHeight;
        private String imageFormat;
        private Integer imageNum;
        private List<String> visualizer;
        private String wandbApiKey;
        private String swanlabApiKey;
        private String swanlabHost;
        private String mlflowTrackingUri;
        private Integer retries;
        private boolean deliveryLag;
        private List<String> serverMetrics;
        private Double serverMetricsInterval;
        private String requestIdHeader;
        private boolean noTraceparent;

        private Builder() {
        }

        public Builder parallel(int... values) { return parallel(box(values)); }
        public Builder parallel(List<Integer> values) { this.parallel = values; return this; }
        public Builder number(int... values) { return number(box(values)); }
        public Builder number(List<Integer> values) { this.number = values; this.numberGiven = values != null; return this; }
        public Builder model(String v) { this.model = v; return this; }
        public Builder url(String v) { this.url = v; return this; }
        public Builder api(String v) { this.api = v; return this; }
        public Builder header(String name, String value) { this.headers.put(name, value); return this; }
        public Builder headers(Map<String, String> v) { if (v != null) this.headers.putAll(v); return this; }
        public Builder apiKey(String v) { this.apiKey = v; return this; }
        /** The key and where it came from, as {@link ApiKeys#resolve} found them. */
        public Builder apiKey(ApiKeys.ApiKey key) { this.apiKey = key.value(); this.apiKeySource = key.source(); return this; }
        public Builder connectTimeout(Double seconds) { this.connectTimeout = seconds; return this; }
        public Builder readTimeout(Double seconds) { this.readTimeout = seconds; return this; }
        public Builder totalTimeout(Double seconds) { this.totalTimeout = seconds; return this; }
        public Builder maxTokens(Integer v) { this.maxTokens = v; return this; }
        public Builder minTokens(Integer v) { this.minTokens = v; return this; }
        public Builder temperature(Double v) { this.temperature = v; return this; }
        public Builder topP(Double v) { this.topP = v; return this; }
        public Builder topK(Integer v) { this.topK = v; return this; }
        public Builder stop(List<String> v) { this.stop = v; return this; }
        public Builder seed(Long v) { this.seed = v; return this; }
        public Builder stream(Boolean v) { this.stream = v; return this; }
        public Builder extraArgs(Map<String, Object> v) { if (v != null) this.extraArgs.putAll(v); return this; }
        public Builder queryTemplate(String v) { this.queryTemplate = v; return this; }
        public Builder prompt(String v) { this.prompt = v; return this; }
        public Builder dataset(String v) { this.dataset = v; return this; }
        public Builder datasetPath(String v) { this.datasetPath = v; return this; }
        public Builder outputsDir(Path v) { this.outputsDir = v; return this; }
        public Builder outputsDir(String v) { this.outputsDir = v == null ? null : Path.of(v); return this; }
        public Builder name(String v) { this.name = v; return this; }
        public Builder noTimestamp(boolean v) { this.noTimestamp = v; return this; }
        public Builder noTestConnection(boolean v) { this.noTestConnection = v; return this; }
        public Builder noClientWarmup(boolean v) { this.noClientWarmup = v; return this; }
        public Builder noPreconnect(boolean v) { this.noPreconnect = v; return this; }
        public Builder sleepInterval(Double seconds) { this.sleepInterval = seconds; return this; }
        public Builder logEveryNQuery(Integer v) { this.logEveryNQuery = v; return this; }
        public Builder debug(boolean v) { this.debug = v; return this; }
        public Builder rate(double... values) {
            List<Double> list = new ArrayList<>(values.length);
            for (double v : values) {
                list.add(v);
            }
            return rate(list);
        }
        public Builder rate(List<Double> values) { this.rate = values; return this; }
        public Builder openLoop(boolean v) { this.openLoop = v; return this; }
        public Builder arrival(String v) { this.arrival = v; return this; }
        public Builder burstiness(Double v) { this.burstiness = v; return this; }
        public Builder duration(Double seconds) { this.duration = seconds; return this; }
        public Builder warmupNum(Double v) { this.warmupNum = v; return this; }
        public Builder rampUp(Double seconds) { this.rampUp = seconds; return this; }
        public Builder multiTurn(boolean v) { this.multiTurn = v; return this; }
        public Builder minTurns(Integer v) { this.minTurns = v; return this; }
        public Builder maxTurns(Integer v) { this.maxTurns = v; return this; }
        public Builder thinkTime(Double seconds) { this.thinkTime = seconds; return this; }
        public Builder frequencyPenalty(Double v) { this.frequencyPenalty = v; return this; }
        public Builder repetitionPenalty(Double v) { this.repetitionPenalty = v; return this; }
        public Builder logprobs(boolean v) { this.logprobs = v; return this; }
        public Builder nChoices(Integer v) { this.nChoices = v; return this; }
        public Builder stopTokenIds(List<Integer> v) { this.stopTokenIds = v; return this; }
        public Builder imagePatchSize(Integer v) { this.imagePatchSize = v; return this; }
        public Builder dataSource(String v) { this.dataSource = v; return this; }
        public Builder dbCommitInterval(Integer v) { this.dbCommitInterval = v; return this; }
        public Builder maxInFlight(Integer v) { this.maxInFlight = v; return this; }
        public Builder goodput(Map<String, Double> v) { if (v != null) this.goodput.putAll(v); return this; }
        public Builder thresholds(List<String> v) { this.thresholds = v; return this; }
        public Builder metricViews(List<String> v) { this.metricViews = v; return this; }
        public Builder slaAutoTune(boolean v) { this.slaAutoTune = v; return this; }
        public Builder slaVariable(String v) { this.slaVariable = v; return this; }
        public Builder slaParams(String json) { this.slaParams = json; return this; }
        public Builder slaNumRuns(Integer v) { this.slaNumRuns = v; return this; }
        public Builder slaUpperBound(Double v) { this.slaUpperBound = v; return this; }
        public Builder slaLowerBound(Double v) { this.slaLowerBound = v; return this; }
        public Builder slaNumberMultiplier(Double v) { this.slaNumberMultiplier = v; return this; }
        public Builder slaFixedParallel(Integer v) { this.slaFixedParallel = v; return this; }
        public Builder clientEventCostMicros(int v) { this.clientEventCostMicros = v; return this; }
        /** {@code --max-tokens MIN MAX}: each request draws max_tokens uniformly in [min, max]. */
        public Builder maxTokensRange(int min, int max) { this.maxTokens = min; this.maxTokensUpper = max; return this; }
        public Builder tokenizerPath(String v) { this.tokenizerPath = v; return this; }
        public Builder datasetArgs(Map<String, Object> v) { if (v != null) this.datasetArgs.putAll(v); return this; }
        public Builder minPromptLength(Integer v) { this.minPromptLength = v; return this; }
        public Builder maxPromptLength(Integer v) { this.maxPromptLength = v; return this; }
        public Builder prefixLength(Integer v) { this.prefixLength = v; return this; }
        public Builder datasetOffset(Long v) { this.datasetOffset = v; return this; }
        public Builder tokenizePrompt(boolean v) { this.tokenizePrompt = v; return this; }
        /** {@code null} = auto: apply it when the URL is a chat/completions endpoint. */
        public Builder applyChatTemplate(Boolean v) { this.applyChatTemplate = v; return this; }
        public Builder imageWidth(Integer v) { this.imageWidth = v; return this; }
        public Builder imageHeight(Integer v) { this.imageHeight = v; return this; }
        public Builder imageFormat(String v) { this.imageFormat = v; return this; }
        public Builder imageNum(Integer v) { this.imageNum = v; return this; }
        public Builder visualizer(List<String> v) { this.visualizer = v; return this; }
        public Builder wandbApiKey(String v) { this.wandbApiKey = v; return this; }
        public Builder swanlabApiKey(String v) { this.swanlabApiKey = v; return this; }
        public Builder swanlabHost(String v) { this.swanlabHost = v; return this; }
        public Builder mlflowTrackingUri(String v) { this.mlflowTrackingUri = v; return this; }
        public Builder retries(Integer v) { this.retries = v; return this; }
        public Builder deliveryLag(boolean v) { this.deliveryLag = v; return this; }
        public Builder serverMetrics(List<String> v) { this.serverMetrics = v; return this; }
        public Builder serverMetricsInterval(Double v) { this.serverMetricsInterval = v; return this; }
        public Builder requestIdHeader(String v) { this.requestIdHeader = v; return this; }
        public Builder noTraceparent(boolean v) { this.noTraceparent = v; return this; }

        /** Validates and freezes; throws {@link BarrageException} (exit 2) naming the flag at fault. */
        public Arguments build() {
            Arguments a = new Arguments(this);
            ArgumentsValidator.validate(a);
            return a;
        }

        private static List<Integer> box(int[] values) {
            List<Integer> list = new ArrayList<>(values.length);
            for (int v : values) {
                list.add(v);
            }
            return list;
        }
    }

    @Override
    public String toString() {
        return "Arguments" + toMaskedMap();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Arguments other && toMaskedMap().equals(other.toMaskedMap())
                && Objects.equals(apiKey, other.apiKey) && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return toMaskedMap().hashCode();
    }

    /** Parses a URL for validation and for callers; throws with the option name on bad input. */
    static URI parseUrl(String url) {
        return parseHttpUrl("--url", url, " Example: --url http://127.0.0.1:8000/v1/chat/completions");
    }

    /** As {@link #parseUrl}, for another option holding an http(s) URL. */
    static URI parseHttpUrl(String option, String url) {
        return parseHttpUrl(option, url, "");
    }

    static URI parseHttpUrl(String option, String url, String example) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw BarrageException.invalidInput("Invalid value '" + maskUrl(url) + "' for option '" + option
                        + "': not an http:// or https:// URL with a host." + example);
            }
            if (uri.getPort() > 65535) {
                throw BarrageException.invalidInput("Invalid value '" + maskUrl(url) + "' for option '" + option + "': port "
                        + uri.getPort() + " is out of range (1-65535).");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw BarrageException.invalidInput("Invalid value '" + maskUrl(url) + "' for option '" + option + "': "
                    + e.getReason() + ".");
        }
    }
}
