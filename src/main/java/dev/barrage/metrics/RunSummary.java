package dev.barrage.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of one run (one sweep step), as written to {@code benchmark_summary.json}.
 * {@code schedule}, {@code goodput}, {@code clientVerdict} and {@code tokenStats} may be {@code null}
 * (not measured, not asked for, not judged). {@code failureMessages} are the server's most common
 * messages per failure cause ({@link FailureMessages}), empty when nothing failed.
 * Averages are {@code -1} when there was nothing to average (evalscope's convention). Units are
 * in the names. Definitions: {@code docs/metrics.md}.
 */
public record RunSummary(
        double testDurationS,
        int concurrency,
        double requestRate,
        int totalRequests,
        int successRequests,
        int failedRequests,
        int streamRequests,
        int nonStreamRequests,
        double reqThroughput,
        double avgLatencyS,
        double avgInputTokens,
        double avgOutputTokens,
        double outputThroughput,
        double totalThroughput,
        double avgTtftMs,
        double avgTpotMs,
        double avgItlMs,
        int plannedRequests,
        int interruptedRequests,
        int reconnectedRequests,
        int estimatedTokenRequests,
        double avgFirstByteMs,
        Map<String, Integer> failureCauses,
        String startedAt,
        ScheduleStats schedule,
        Goodput goodput,
        ClientVerdict clientVerdict,
        TokenStats tokenStats,
        ConversationStats.Summary conversations,
        Map<String, Integer> responseWarnings,
        List<FailureMessages.Group> failureMessages) {

    /** A summary of single requests (no conversations). */
    public RunSummary(double testDurationS, int concurrency, double requestRate, int totalRequests, int successRequests,
            int failedRequests, int streamRequests, int nonStreamRequests, double reqThroughput, double avgLatencyS,
            double avgInputTokens, double avgOutputTokens, double outputThroughput, double totalThroughput,
            double avgTtftMs, double avgTpotMs, double avgItlMs, int plannedRequests, int interruptedRequests,
            int reconnectedRequests, int estimatedTokenRequests, double avgFirstByteMs, Map<String, Integer> failureCauses,
            String startedAt, ScheduleStats schedule, Goodput goodput, ClientVerdict clientVerdict,
            TokenStats tokenStats) {
        this(testDurationS, concurrency, requestRate, totalRequests, successRequests, failedRequests, streamRequests,
                nonStreamRequests, reqThroughput, avgLatencyS, avgInputTokens, avgOutputTokens, outputThroughput,
                totalThroughput, avgTtftMs, avgTpotMs, avgItlMs, plannedRequests, interruptedRequests, reconnectedRequests,
                estimatedTokenRequests, avgFirstByteMs, failureCauses, startedAt, schedule, goodput, clientVerdict,
                tokenStats, null, Map.of(), List.of());
    }

    /** A summary without response warnings and failure messages (built before they were counted). */
    public RunSummary(double testDurationS, int concurrency, double requestRate, int totalRequests, int successRequests,
            int failedRequests, int streamRequests, int nonStreamRequests, double reqThroughput, double avgLatencyS,
            double avgInputTokens, double avgOutputTokens, double outputThroughput, double totalThroughput,
            double avgTtftMs, double avgTpotMs, double avgItlMs, int plannedRequests, int interruptedRequests,
            int reconnectedRequests, int estimatedTokenRequests, double avgFirstByteMs, Map<String, Integer> failureCauses,
            String startedAt, ScheduleStats schedule, Goodput goodput, ClientVerdict clientVerdict,
            TokenStats tokenStats, ConversationStats.Summary conversations) {
        this(testDurationS, concurrency, requestRate, totalRequests, successRequests, failedRequests, streamRequests,
                nonStreamRequests, reqThroughput, avgLatencyS, avgInputTokens, avgOutputTokens, outputThroughput,
                totalThroughput, avgTtftMs, avgTpotMs, avgItlMs, plannedRequests, interruptedRequests, reconnectedRequests,
                estimatedTokenRequests, avgFirstByteMs, failureCauses, startedAt, schedule, goodput, clientVerdict,
                tokenStats, conversations, Map.of(), List.of());
    }

    /** A summary without token accounting ({@code tokenStats} null). */
    public RunSummary(double testDurationS, int concurrency, double requestRate, int totalRequests, int successRequests,
            int failedRequests, int streamRequests, int nonStreamRequests, double reqThroughput, double avgLatencyS,
            double avgInputTokens, double avgOutputTokens, double outputThroughput, double totalThroughput,
            double avgTtftMs, double avgTpotMs, double avgItlMs, int plannedRequests, int interruptedRequests,
            int reconnectedRequests, int estimatedTokenRequests, double avgFirstByteMs, Map<String, Integer> failureCauses,
            String startedAt, ScheduleStats schedule, Goodput goodput, ClientVerdict clientVerdict) {
        this(testDurationS, concurrency, requestRate, totalRequests, successRequests, failedRequests, streamRequests,
                nonStreamRequests, reqThroughput, avgLatencyS, avgInputTokens, avgOutputTokens, outputThroughput,
                totalThroughput, avgTtftMs, avgTpotMs, avgItlMs, plannedRequests, interruptedRequests, reconnectedRequests,
                estimatedTokenRequests, avgFirstByteMs, failureCauses, startedAt, schedule, goodput, clientVerdict, null,
                null, Map.of(), List.of());
    }

    public RunSummary {
        failureCauses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failureCauses));
        responseWarnings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(responseWarnings));
        failureMessages = failureMessages == null ? List.of() : List.copyOf(failureMessages);
    }

    /** This summary with the client-bottleneck verdict, which is judged after the run. */
    public RunSummary withClientVerdict(ClientVerdict verdict) {
        return new RunSummary(testDurationS, concurrency, requestRate, totalRequests, successRequests, failedRequests,
                streamRequests, nonStreamRequests, reqThroughput, avgLatencyS, avgInputTokens, avgOutputTokens,
                outputThroughput, totalThroughput, avgTtftMs, avgTpotMs, avgItlMs, plannedRequests, interruptedRequests,
                reconnectedRequests, estimatedTokenRequests, avgFirstByteMs, failureCauses, startedAt, schedule,
                goodput, verdict, tokenStats, conversations, responseWarnings, failureMessages);
    }

    /** Success rate in percent of {@link #totalRequests}; 0 when nothing ran. */
    public double successRatePercent() {
        return totalRequests == 0 ? 0 : 100.0 * successRequests / totalRequests;
    }

    /**
     * The JSON object: evalscope's keys first, in evalscope's order, then Barrage's extras.
     * Floats are rounded to 4 decimals.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Test Duration (s)", Rounding.round4(testDurationS));
        m.put("Concurrency", concurrency);
        m.put("Request Rate (req/s)", requestRate == -1 ? (Object) (-1) : (Object) requestRate);
        m.put("Total Requests", totalRequests);
        m.put("Success Requests", successRequests);
        m.put("Failed Requests", failedRequests);
        m.put("Stream Requests", streamRequests);
        m.put("Non-Stream Requests", nonStreamRequests);
        m.put("Req Throughput (req/s)", Rounding.round4(reqThroughput));
        m.put("Avg Latency (s)", Rounding.round4(avgLatencyS));
        m.put("Avg Input Tokens", Rounding.round4(avgInputTokens));
        m.put("Avg Output Tokens", Rounding.round4(avgOutputTokens));
        m.put("Output Throughput (tok/s)", Rounding.round4(outputThroughput));
        m.put("Total Throughput (tok/s)", Rounding.round4(totalThroughput));
        m.put("Avg TTFT (ms)", Rounding.round4(avgTtftMs));
        m.put("Avg TPOT (ms)", Rounding.round4(avgTpotMs));
        m.put("Avg ITL (ms)", Rounding.round4(avgItlMs));
        m.put("Success Rate (%)", Rounding.round(successRatePercent(), 2));
        m.put("Planned Requests", plannedRequests);
        m.put("Interrupted Requests", interruptedRequests);
        m.put("Reconnected Requests", reconnectedRequests);
        m.put("Estimated Token Counts", estimatedTokenRequests);
        m.put("Avg Time to First Byte (ms)", Rounding.round4(avgFirstByteMs));
        m.put("Failure Causes", new LinkedHashMap<>(failureCauses));
        m.put("Failure Messages", FailureMessages.toJson(failureMessages));
        m.put("Response Warnings", new LinkedHashMap<>(responseWarnings));
        m.put("Started At", startedAt);
        if (schedule != null) {
            m.putAll(schedule.toJsonMap());
        }
        if (goodput != null) {
            m.putAll(goodput.toJsonMap());
        }
        if (clientVerdict != null) {
            m.put("Client Verdict", clientVerdict.line());
            m.put("Client Cause", clientVerdict.cause());
            m.put("Client Reasons", clientVerdict.reasons());
            m.put("Client Checks", clientVerdict.checks());
        }
        if (tokenStats != null) {
            m.putAll(tokenStats.toJsonMap());
        }
        if (conversations != null) {
            m.putAll(conversations.toJsonMap());
        }
        return m;
    }
}
