package dev.barrage.config;

import dev.barrage.BarrageException;

import java.util.List;

/**
 * Rules across flags, checked once before any request is sent. Messages follow one form:
 * "Invalid value '&lt;v&gt;' for option '--&lt;name&gt;': &lt;rule&gt;. &lt;what to do&gt;."
 */
final class ArgumentsValidator {
    private ArgumentsValidator() {
    }

    static void validate(Arguments a) {
        positiveList("--parallel", a.parallel());
        positiveList("--number", a.number());
        if (a.parallel().size() != a.number().size()) {
            throw BarrageException.invalidInput("Invalid value for option '--number': " + a.number().size()
                    + " value(s) given but --parallel has " + a.parallel().size()
                    + "; give one --number per --parallel value (they are paired: --parallel 1 10 --number 10 100).");
        }
        if (a.url() != null) {
            Arguments.parseUrl(a.url());
        }
        if (a.model() == null || a.model().isBlank()) {
            throw BarrageException.invalidInput("Missing required option '--model': the model name the server serves"
                    + " (GET <base-url>/v1/models lists them).");
        }
        if (!Arguments.APIS.contains(a.api())) {
            throw BarrageException.invalidInput("Invalid value '" + a.api() + "' for option '--api': supported: "
                    + String.join(", ", Arguments.APIS) + ".");
        }
        if (a.dataset() != null && !Arguments.DATASETS.contains(a.dataset())) {
            throw BarrageException.invalidInput("Invalid value '" + a.dataset() + "' for option '--dataset': not"
                    + " supported by this version; supported: openqa, line_by_line (both read --dataset-path),"
                    + " or leave --dataset out for the built-in prompts.");
        }
        if (a.dataset() != null && a.datasetPath() == null && a.prompt() == null) {
            throw BarrageException.invalidInput("Missing option '--dataset-path' for --dataset " + a.dataset()
                    + ": give the local file to read (this version does not download datasets).");
        }
        positive("--max-tokens", a.maxTokens());
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
            throw invalid("--log-every-n-query", a.logEveryNQuery(), "should be >= 0 (0 turns it off)");
        }
        for (String header : a.headers().keySet()) {
            if (header.isBlank() || header.chars().anyMatch(c -> c <= ' ' || c == ':')) {
                throw invalid("--headers", header, "not a valid header name; use --headers Name=value");
            }
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
