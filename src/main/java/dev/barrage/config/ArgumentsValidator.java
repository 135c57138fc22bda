package dev.barrage.config;

import dev.barrage.BarrageException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules across flags, checked once before any request is sent. Messages follow one form:
 * "Invalid value '&lt;v&gt;' for option '--&lt;name&gt;': &lt;rule&gt;. &lt;what to do&gt;."
 */
final class ArgumentsValidator {
    private ArgumentsValidator() {
    }

    static void validate(Arguments a) {
        requireFiniteNumbers(a);
        TraceArguments.validate(a);
        positiveList("--parallel", a.parallel());
        positiveList("--number", a.number());
        validateSweep(a);
        validateLoadModel(a);
        if (a.url() != null) {
            Arguments.parseUrl(a.url());
        }
        if (a.model() == null ? !TraceArguments.bodiesNameTheModel(a) : a.model().isBlank()) {
            throw BarrageException.invalidInput("Missing required option '--model': the model name the server serves"
                    + " (GET <base-url>/v1/models lists them).");
        }
        // --api names a plug-in (built-in or on the class path): api.ApiPlugins checks it before anything is sent
        positive("--max-tokens", a.maxTokens());
        validateDatasetOptions(a);
        if (a.minTokens() != null) {
            if (a.minTokens() < 0) {
                throw invalid("--min-tokens", a.minTokens(), "should be >= 0");
            }
            if (a.minTokens() > a.effectiveMaxTokens()) {
                throw invalid("--min-tokens", a.minTokens(), "should be <= --max-tokens (" + a.effectiveMaxTokens() + ")");
            }
        }
        if (a.temperature() != null && a.temperature() < 0) {
            throw invalid("--temperature", a.temperature(), "should be >= 0");
        }
        if (a.topP() != null && (a.topP() <= 0 || a.topP() > 1)) {
            throw invalid("--top-p", a.topP(), "should be in (0, 1]");
        }
        if (a.topK() != null && a.topK() < -1) {
            throw invalid("--top-k", a.topK(), "should be >= -1 (-1 disables it)");
        }
        positiveSeconds("--connect-timeout", a.connectTimeout());
        positiveSeconds("--read-timeout", a.readTimeout());
        positiveSeconds("--total-timeout", a.totalTimeout());
        if (a.sleepInterval() < 0) {
            throw invalid("--sleep-interval", a.sleepInterval(), "should be >= 0 seconds");
        }
        if (a.retries() < 0) {
            throw invalid("--retries", a.retries(), "should be >= 0 (0 = no retries)");
        }
        if (a.logEveryNQuery() < 0) {
            throw invalid("--log-every-n-query", a.logEveryNQuery(), "should be >= 0 (0: only a line every 30 s)");
        }
        for (String v : a.visualizer()) {
            if (!Arguments.VISUALIZERS.contains(v)) {
                throw invalid("--visualizer", v, "supported: wandb, swanlab, tensorboard, mlflow, clearml");
            }
        }
        if (a.mlflowTrackingUri() != null) {
            Arguments.parseHttpUrl("--mlflow-tracking-uri", a.mlflowTrackingUri());
        }
        if (a.swanlabHost() != null) {
            Arguments.parseHttpUrl("--swanlab-host", a.swanlabHost());
        }
        ServerSideArguments.validate(a);
        HeaderRules.check(a.headers());
        HeaderRules.checkApiKey(a.apiKey(), a.apiKeySource());
    }

    /** Checked first: the range rules below would let infinities through, and comparisons skip NaN. */
    private static void requireFiniteNumbers(Arguments a) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("--connect-timeout", a.connectTimeout());
        numbers.put("--read-timeout", a.readTimeout());
        numbers.put("--total-timeout", a.totalTimeout());
        numbers.put("--temperature", a.temperature());
        numbers.put("--top-p", a.topP());
        numbers.put("--frequency-penalty", a.frequencyPenalty());
        numbers.put("--repetition-penalty", a.repetitionPenalty());
        numbers.put("--sleep-interval", a.sleepInterval());
        numbers.put("--burstiness", a.burstiness());
        numbers.put("--duration", a.duration());
        numbers.put("--warmup-num", a.warmupNum());
        numbers.put("--ramp-up", a.rampUp());
        numbers.put("--think-time", a.thinkTime());
        numbers.put("--sla-upper-bound", a.slaUpperBound());
        numbers.put("--sla-lower-bound", a.slaLowerBound());
        numbers.put("--sla-number-multiplier", a.slaNumberMultiplier());
        numbers.forEach((option, v) -> requireFinite(option, v, v));
        a.rate().forEach(r -> requireFinite("--rate", r, r));
        a.goodput().forEach((slo, ms) -> requireFinite("--goodput", ms, slo + ":" + ms));
        requireFinite("--extra-args", a.extraArgs());
        requireFinite("--dataset-args", a.datasetArgs());
    }

    private static void requireFinite(String option, Double v, Object shown) {
        if (v != null && !Double.isFinite(v)) {
            throw invalid(option, shown, FINITE);
        }
    }

    private static void requireFinite(String option, Map<String, Object> json) {
        String found = FiniteNumbers.firstNonFinite(json);
        if (found != null) {
            throw invalid(option, found, FINITE + " (JSON has no NaN or Infinity; Barrage would send a string)");
        }
    }

    private static final String FINITE = "should be a finite number, not NaN or an infinity";

    /** --parallel, --number and --rate are paired; a list of one value applies to every run. */
    private static void validateSweep(Arguments a) {
        int runs = Math.max(a.parallel().size(), a.rate().size());
        if (a.number().size() != runs && !(a.number().size() == 1 && runs == 1) && !TraceArguments.isTrace(a)) {
            String axis = a.rate().size() > a.parallel().size() ? "--rate" : "--parallel";
            throw BarrageException.invalidInput("Invalid value for option '--number': " + a.number().size()
                    + " value(s) given but " + axis + " has " + runs + "; give one --number per " + axis
                    + " value (they are paired: --parallel 1 10 --number 10 100).");
        }
        if (a.parallel().size() > 1 && a.rate().size() > 1 && a.parallel().size() != a.rate().size()) {
            throw BarrageException.invalidInput("Invalid value for option '--rate': " + a.rate().size()
                    + " value(s) given but --parallel has " + a.parallel().size() + "; give one value, or one per run.");
        }
        boolean pacing = a.rate().stream().anyMatch(r -> r > 0);
        for (Double r : a.rate()) {
            if (r == null || !(r > 0) && r != -1) {
                throw invalid("--rate", r, "should be > 0 requests per second (or -1: no pacing)");
            }
            if (pacing && r == -1) {
                throw invalid("--rate", r, "cannot mix -1 (no pacing) with rates in one sweep");
            }
        }
        if (a.openLoop() && !pacing && !TraceArguments.isTrace(a)) {
            throw BarrageException.invalidInput("Option '--open-loop' needs --rate: in an open loop, arrivals follow"
                    + " the rate whatever the server does (e.g. --open-loop --rate 5 10 20 --number 100 200 400).");
        }
    }

    private static void validateLoadModel(Arguments a) {
        if (!List.of("poisson", "constant", "gamma").contains(a.arrival())) {
            throw invalid("--arrival", a.arrival(), "should be poisson, constant or gamma");
        }
        if (!(a.burstiness() > 0)) {
            throw invalid("--burstiness", a.burstiness(), "should be > 0 (1 = Poisson; < 1 burstier; > 1 more regular)");
        }
        positiveSeconds("--duration", a.duration());
        positiveSeconds("--ramp-up", a.rampUp());
        if (a.warmupNum() != null && !(a.warmupNum() > 0)) {
            throw invalid("--warmup-num", a.warmupNum(), "should be a count >= 1 or a fraction of --number in (0, 1)");
        }
        if (a.warmupNum() != null && a.warmupNum() > 1 && a.warmupNum() != Math.rint(a.warmupNum())) {
            throw invalid("--warmup-num", a.warmupNum(), "should be a whole count, or a fraction in (0, 1)");
        }
        validateMultiTurn(a);
        validateRequestFields(a);
        if (a.maxInFlight() < 1) {
            throw invalid("--max-in-flight", a.maxInFlight(), "should be >= 1");
        }
        for (var e : a.goodput().entrySet()) {
            if (!List.of("ttft", "tpot", "e2el").contains(e.getKey())) {
                throw invalid("--goodput", e.getKey() + ":" + e.getValue(), "SLO names are ttft, tpot and e2el"
                        + " (milliseconds), e.g. --goodput ttft:500 tpot:50");
            }
            if (e.getValue() == null || !(e.getValue() > 0)) {
                throw invalid("--goodput", e.getKey() + ":" + e.getValue(), "should be > 0 milliseconds");
            }
        }
        for (String t : a.thresholds()) {
            try {
                dev.barrage.metrics.Threshold.parse(t);
            } catch (IllegalArgumentException e) {
                throw invalid("--threshold", t, e.getMessage());
            }
        }
        for (String v : a.metricViews()) {
            try {
                dev.barrage.metrics.views.MetricViews.byName(v);
            } catch (IllegalArgumentException e) {
                throw invalid("--metric-view", v, e.getMessage());
            }
        }
        if (a.slaAutoTune()) {
            if (!List.of("parallel", "rate").contains(a.slaVariable())) {
                throw invalid("--sla-variable", a.slaVariable(), "should be parallel or rate");
            }
            if (a.slaParams() == null) {
                throw BarrageException.invalidInput("Option '--sla-auto-tune' needs --sla-params, e.g."
                        + " --sla-params '[{\"p99_ttft\": \"<=500\"}]'.");
            }
            SlaCriteria.parse(a.slaParams());
            if (a.slaNumRuns() < 1) {
                throw invalid("--sla-num-runs", a.slaNumRuns(), "should be >= 1");
            }
            if (!(a.slaLowerBound() > 0) || a.slaUpperBound() < a.slaLowerBound()) {
                throw invalid("--sla-upper-bound", a.slaUpperBound(), "should be >= --sla-lower-bound ("
                        + a.slaLowerBound() + ") > 0");
            }
            if (!(a.slaNumberMultiplier() > 0)) {
                throw invalid("--sla-number-multiplier", a.slaNumberMultiplier(), "should be > 0");
            }
        }
    }

    private static void validateRequestFields(Arguments a) {
        positive("--n-choices", a.nChoices());
        positive("--image-patch-size", a.imagePatchSize());
        positive("--db-commit-interval", a.dbCommitInterval());
        if (!List.of("huggingface", "local", "modelscope").contains(a.dataSource())) {
            throw invalid("--data-source", a.dataSource(), "should be huggingface or local (or modelscope, with"
                    + " --dataset-path)");
        }
    }

    private static void validateMultiTurn(Arguments a) {
        if (a.minTurns() < 1) {
            throw invalid("--min-turns", a.minTurns(), "should be >= 1");
        }
        if (a.maxTurns() != null && a.maxTurns() < a.minTurns()) {
            throw invalid("--max-turns", a.maxTurns(), "should be >= --min-turns (" + a.minTurns() + ")");
        }
        if (a.thinkTime() != null && !(a.thinkTime() >= 0)) {
            throw invalid("--think-time", a.thinkTime(), "should be >= 0 seconds");
        }
        if (!a.multiTurn()) {
            if (a.maxTurns() != null || a.thinkTime() != null || a.minTurns() != 1) {
                throw BarrageException.invalidInput("Options '--min-turns', '--max-turns' and '--think-time' are for"
                        + " conversations: add --multi-turn and a conversation dataset (" + CONVERSATION_DATASETS + ").");
            }
            return;
        }
        if (a.dataset() == null) {
            throw BarrageException.invalidInput("Option '--multi-turn' needs a conversation dataset: --dataset "
                    + CONVERSATION_DATASETS + (a.dataset() == null ? "" : " (not " + a.dataset() + ")") + ".");
        }
        if (a.prompt() != null || a.tokenizePrompt()) {
            throw BarrageException.invalidInput("Option '--multi-turn' sends each conversation's chat history; it"
                    + " cannot be combined with " + (a.prompt() != null ? "--prompt" : "--tokenize-prompt") + ".");
        }
        if (a.rampUp() != null && a.rate().stream().noneMatch(r -> r > 0)) {
            throw BarrageException.invalidInput("Option '--ramp-up' with --multi-turn ramps the rate of new"
                    + " conversations: give --rate too.");
        }
        if (a.dataset().equals("random_multi_turn") && a.maxTurns() == null) {
            throw BarrageException.invalidInput("Option '--dataset random_multi_turn' needs --max-turns (turns per"
                    + " conversation are drawn from [--min-turns, --max-turns]), e.g. --min-turns 2 --max-turns 5.");
        }
    }

    static final String CONVERSATION_DATASETS = "random_multi_turn, share_gpt_zh_multi_turn, share_gpt_en_multi_turn,"
            + " custom_multi_turn, swe_smith, trie_agentic_coding, trie_code_qa or trie_office_work";

    /** Dataset and tokenizer flags (the dataset name itself is checked when the dataset loads). */
    private static void validateDatasetOptions(Arguments a) {
        if (a.maxTokensUpper() != null && a.maxTokensUpper() < a.effectiveMaxTokens()) {
            throw invalid("--max-tokens", a.effectiveMaxTokens() + " " + a.maxTokensUpper(),
                    "give one value, or MIN MAX with MIN <= MAX");
        }
        if (a.minPromptLength() < 0) {
            throw invalid("--min-prompt-length", a.minPromptLength(), "should be >= 0");
        }
        if (a.maxPromptLength() < Math.max(1, a.minPromptLength())) {
            throw invalid("--max-prompt-length", a.maxPromptLength(), "should be >= 1 and >= --min-prompt-length ("
                    + a.minPromptLength() + ")");
        }
        if (a.prefixLength() < 0) {
            throw invalid("--prefix-length", a.prefixLength(), "should be >= 0");
        }
        if (a.datasetOffset() < 0) {
            throw invalid("--dataset-offset", a.datasetOffset(), "should be >= 0");
        }
        if (a.tokenizePrompt() && a.tokenizerPath() == null) {
            throw BarrageException.invalidInput("Option '--tokenize-prompt' needs --tokenizer-path: token ids come"
                    + " from the model's tokenizer.");
        }
        positive("--image-width", a.imageWidth());
        positive("--image-height", a.imageHeight());
        positive("--image-num", a.imageNum());
        if (!List.of("RGB", "L", "PNG", "JPEG").contains(a.imageFormat().toUpperCase(java.util.Locale.ROOT))) {
            throw invalid("--image-format", a.imageFormat(), "should be RGB or L (colour mode, as evalscope; PNG"
                    + " encoded), or PNG / JPEG (encoding, RGB)");
        }
    }

    private static void positiveList(String option, List<Integer> values) {
        if (values.isEmpty()) {
            throw BarrageException.invalidInput("Invalid value for option '" + option + "': give at least one value.");
        }
        for (Integer v : values) {
            if (v == null || v < 1) {
                throw invalid(option, v, "should be >= 1");
            }
        }
    }

    private static void positive(String option, Integer v) {
        if (v != null && v < 1) {
            throw invalid(option, v, "should be >= 1");
        }
    }

    private static void positiveSeconds(String option, Double v) {
        if (v != null && !(v > 0)) {
            throw invalid(option, v, "should be > 0 seconds");
        }
    }

    private static BarrageException invalid(String option, Object value, String rule) {
        return BarrageException.invalidInput("Invalid value '" + value + "' for option '" + option + "': " + rule + ".");
    }
}
