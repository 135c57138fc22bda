package dev.barrage.metrics.views;

import dev.barrage.metrics.RequestRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vllm bench serve}'s definitions ({@code vllm/benchmarks/serve.py}: {@code benchmark},
 * {@code calculate_metrics}; per-request timing in
 * {@code vllm/benchmarks/lib/endpoint_request_func.py}:
 * {@code async_request_openai_chat_completions}). TTFT at the first chunk with a {@code choices}
 * entry, E2E latency at the last such chunk (the usage chunk and {@code [DONE]} do not count), ITL
 * one sample per chunk gap, TPOT {@code (E2E - TTFT) / (tokens - 1)} for replies of 2 tokens or
 * more, throughput over the whole benchmark, failures left out.
 */
final class VllmView implements MetricView {
    static final int[] PERCENTS = {90, 95, 99};

    @Override
    public String name() {
        return "vllm";
    }

    @Override
    public String tool() {
        return "vLLM (vllm bench serve)";
    }

    @Override
    public String source() {
        return "vllm-project/vllm@009e6d4a: vllm/benchmarks/serve.py (benchmark, calculate_metrics),"
                + " vllm/benchmarks/lib/endpoint_request_func.py@02cfb534 (async_request_openai_chat_completions)";
    }

    @Override
    public ViewResult compute(List<RequestRecord> all) {
        List<RequestRecord> records = Timing.measured(all);
        Samples ttfts = new Samples();
        Samples tpots = new Samples();
        Samples itls = new Samples();
        Samples e2els = new Samples();
        List<long[]> eventTimes = new ArrayList<>();
        List<long[]> intervals = new ArrayList<>();
        long totalInput = 0;
        long totalOutput = 0;
        long firstSend = Long.MAX_VALUE;
        long lastEnd = Long.MIN_VALUE;
        for (RequestRecord r : records) {
            if (!r.success()) {
                continue;
            }
            long[] events = Timing.events(r);
            // without a token event, the role and finish chunks that made it a success came with the end
            long first = events.length > 0 ? events[0] : r.endNanos();
            long last = events.length > 0 ? events[events.length - 1] : r.endNanos();
            int outputLen = Timing.outputTokens(r);
            double ttft = Timing.ms(r.sendNanos(), first);
            double latency = Timing.ms(r.sendNanos(), last);
            if (outputLen > 1) {
                tpots.add((latency - ttft) / (outputLen - 1));
            }
            Timing.addGapsMs(events, itls);
            ttfts.add(ttft);
            e2els.add(latency);
            totalInput += Timing.promptTokens(r);
            totalOutput += outputLen;
            eventTimes.add(events.length > 0 ? events : new long[] {first});
            intervals.add(new long[] {r.sendNanos(), last});
            firstSend = Math.min(firstSend, r.sendNanos());
            lastEnd = Math.max(lastEnd, last);
        }
        int completed = ttfts.size();
        int failed = records.size() - completed;
        double duration = Timing.wholeRunSeconds(records);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration", duration);
        m.put("completed", completed);
        m.put("failed", failed);
        m.put("total_input_tokens", totalInput);
        m.put("total_output_tokens", totalOutput);
        m.put("request_throughput", Json.num(Timing.perSecond(completed, duration)));
        m.put("output_throughput", Json.num(Timing.perSecond(totalOutput, duration)));
        m.put("total_token_throughput", Json.num(Timing.perSecond(totalInput + totalOutput, duration)));
        m.put("max_output_tokens_per_s", ServeStats.peakEventsPerSecond(eventTimes, firstSend, lastEnd));
        m.put("max_concurrent_requests", peakConcurrency(intervals));
        ServeStats.put(m, "ttft", ttfts, PERCENTS);
        ServeStats.put(m, "tpot", tpots, PERCENTS);
        ServeStats.put(m, "itl", itls, PERCENTS);
        ServeStats.put(m, "e2el", e2els, PERCENTS);
        ViewFigures figures = new ViewFigures(duration, completed, failed, ttfts.orZero().mean(),
                ttfts.orZero().percentile(99), tpots.orZero().mean(), tpots.orZero().percentile(99),
                itls.orZero().mean(), itls.orZero().percentile(99), e2els.orZero().mean() / 1000,
                e2els.orZero().percentile(99) / 1000, Timing.perSecond(completed, duration),
                Timing.perSecond(totalOutput, duration));
        return new ViewResult(name(), tool(), source(), figures, m);
    }

    /**
     * Peak concurrent requests: a sweep over half-open [send, end) intervals, a departure before
     * an arrival at the same instant.
     */
    static int peakConcurrency(List<long[]> intervals) {
        long[][] events = new long[intervals.size() * 2][];
        int i = 0;
        for (long[] interval : intervals) {
            events[i++] = new long[] {interval[0], 1};
            events[i++] = new long[] {interval[1], -1};
        }
        Arrays.sort(events, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int current = 0;
        int peak = 0;
        for (long[] e : events) {
            current += (int) e[1];
            peak = Math.max(peak, current);
        }
        return peak;
    }
}
