package dev.barrage.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A run's token accounting over its successful requests (docs/metrics.md, "Token accounting"):
 * where the reported input and output counts came from, how often the client tokenizer disagreed
 * with the server, prompt-cache hits and reasoning tokens.
 *
 * @param inputSources         successful requests per source of their reported input count
 * @param outputSources        successful requests per source of their reported output count
 * @param comparedRequests     requests with both a server and a client count (input or output)
 * @param mismatchRequests     of those, requests where either count differed
 * @param inputMismatches      requests whose server and client input counts differed
 * @param avgAbsInputDiff      mean |server − client| input tokens over requests with both; -1 if none
 * @param outputMismatches     requests whose server and client output counts differed
 * @param avgAbsOutputDiff     mean |server − client| output tokens over requests with both; -1 if none
 * @param avgCachedTokens      mean {@code cached_tokens} over requests that reported it; -1 if none
 * @param cacheHitRatePercent  Σ cached / Σ prompt tokens over those requests × 100; -1 if none
 * @param avgReasoningTokens   mean server {@code reasoning_tokens} over requests that reported it; -1 if none
 */
public record TokenStats(Map<TokenCounts.Source, Integer> inputSources, Map<TokenCounts.Source, Integer> outputSources,
        int comparedRequests, int mismatchRequests, int inputMismatches, double avgAbsInputDiff, int outputMismatches,
        double avgAbsOutputDiff, double avgCachedTokens, double cacheHitRatePercent, double avgReasoningTokens) {

    /** "server usage", or "server usage (18), client tokenizer (2)" when sources were mixed. */
    public static String describe(Map<TokenCounts.Source, Integer> sources) {
        if (sources.isEmpty()) {
            return TokenCounts.Source.UNKNOWN.label();
        }
        if (sources.size() == 1) {
            return sources.keySet().iterator().next().label();
        }
        StringJoiner j = new StringJoiner(", ");
        sources.forEach((k, v) -> j.add(k.label() + " (" + v + ")"));
        return j.toString();
    }

    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Input Token Source", describe(inputSources));
        m.put("Output Token Source", describe(outputSources));
        m.put("Client Token Compared Requests", comparedRequests);
        m.put("Token Count Mismatch Requests", mismatchRequests);
        m.put("Input Token Mismatch Requests", inputMismatches);
        m.put("Avg Abs Input Token Diff", Rounding.round4(avgAbsInputDiff));
        m.put("Output Token Mismatch Requests", outputMismatches);
        m.put("Avg Abs Output Token Diff", Rounding.round4(avgAbsOutputDiff));
        m.put("Avg Cached Tokens", Rounding.round4(avgCachedTokens));
        m.put("Cache Hit Rate (%)", Rounding.round(cacheHitRatePercent, 2));
        m.put("Avg Reasoning Tokens", Rounding.round4(avgReasoningTokens));
        return m;
    }

    /** One console line: sources, and the client/server comparison when there was one. */
    public String line() {
        String s = "Token counts: input from " + describe(inputSources) + ", output from " + describe(outputSources) + ".";
        if (comparedRequests > 0) {
            s += " Client tokenizer vs server: " + mismatchRequests + " of " + comparedRequests + " requests differ"
                    + (inputMismatches > 0 ? String.format(java.util.Locale.ROOT, "; input on %d (mean |diff| %.2f)",
                    inputMismatches, avgAbsInputDiff) : "; input agrees")
                    + (outputMismatches > 0 ? String.format(java.util.Locale.ROOT, "; output on %d (mean |diff| %.2f)",
                    outputMismatches, avgAbsOutputDiff) : "; output agrees") + ".";
        }
        if (cacheHitRatePercent >= 0) {
            s += String.format(java.util.Locale.ROOT, " Prompt cache: %.2f%% of input tokens cached.", cacheHitRatePercent);
        }
        return s;
    }

    /** Folds records into {@link TokenStats}. Single-threaded (the collector's). */
    public static final class Accumulator {
        private final Map<TokenCounts.Source, Integer> inputSources = new EnumMap<>(TokenCounts.Source.class);
        private final Map<TokenCounts.Source, Integer> outputSources = new EnumMap<>(TokenCounts.Source.class);
        private int compared;
        private int mismatched;
        private int inputCompared;
        private int inputMismatches;
        private long inputAbsDiff;
        private int outputCompared;
        private int outputMismatches;
        private long outputAbsDiff;
        private int cachedReports;
        private long cachedSum;
        private long cachedPromptSum;
        private int reasoningReports;
        private long reasoningSum;

        /** A successful request. */
        public void add(RequestRecord r) {
            TokenCounts t = r.tokens();
            TokenCounts.Source in = t == TokenCounts.NONE ? TokenCounts.Source.SERVER : t.promptSource();
            inputSources.merge(r.promptTokens() >= 0 ? in : TokenCounts.Source.UNKNOWN, 1, Integer::sum);
            TokenCounts.Source out = t.completionSource(r.tokenEvents(), r.stream());
            if (t == TokenCounts.NONE) { // a record built without accounting: only the estimate flag is known
                out = r.tokensEstimated() ? TokenCounts.Source.EVENTS : TokenCounts.Source.SERVER;
            }
            outputSources.merge(r.completionTokens() >= 0 ? out : TokenCounts.Source.UNKNOWN, 1, Integer::sum);
            Integer din = t.promptDifference();
            Integer dout = t.completionDifference();
            if (din != null || dout != null) {
                compared++;
                if (din != null && din != 0 || dout != null && dout != 0) {
                    mismatched++;
                }
            }
            if (din != null) {
                inputCompared++;
                inputMismatches += din != 0 ? 1 : 0;
                inputAbsDiff += Math.abs(din);
            }
            if (dout != null) {
                outputCompared++;
                outputMismatches += dout != 0 ? 1 : 0;
                outputAbsDiff += Math.abs(dout);
            }
            if (r.cachedTokens() >= 0 && r.promptTokens() >= 0) {
                cachedReports++;
                cachedSum += r.cachedTokens();
                cachedPromptSum += r.promptTokens();
            }
            if (r.reasoningTokens() >= 0) {
                reasoningReports++;
                reasoningSum += r.reasoningTokens();
            }
        }

        public TokenStats stats() {
            return new TokenStats(java.util.Collections.unmodifiableMap(new EnumMap<>(inputSources)),
                    java.util.Collections.unmodifiableMap(new EnumMap<>(outputSources)), compared, mismatched,
                    inputMismatches, inputCompared == 0 ? -1 : (double) inputAbsDiff / inputCompared, outputMismatches,
                    outputCompared == 0 ? -1 : (double) outputAbsDiff / outputCompared,
                    cachedReports == 0 ? -1 : (double) cachedSum / cachedReports,
                    cachedReports == 0 || cachedPromptSum == 0 ? -1 : 100.0 * cachedSum / cachedPromptSum,
                    reasoningReports == 0 ? -1 : (double) reasoningSum / reasoningReports);
        }
    }
}
