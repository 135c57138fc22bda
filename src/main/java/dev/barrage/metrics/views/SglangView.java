package dev.barrage.metrics.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.metrics.RequestRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SGLang's serving benchmark ({@code python/sglang/benchmark/serving.py}: {@code benchmark},
 * {@code calculate_metrics}, {@code async_request_openai_chat_completions}). TTFT at the first
 * chunk with content or reasoning text (0 when none came, and still averaged), E2E latency at the
 * last line read ({@code [DONE]}), ITL one sample per content chunk gap, TPOT for replies of 2
 * tokens or more, output length from usage or else the requested maximum, "concurrency" as
 * Little's law (sum of E2E latencies / duration). Failures are left out and not counted.
 */
final class SglangView implements MetricView {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int[] PERCENTS = {90, 95, 99};

    @Override
    public String name() {
        return "sglang";
    }

    @Override
    public String tool() {
        return "SGLang (python -m sglang.benchmark.serving)";
    }

    @Override
    public String source() {
        return "sgl-project/sglang@00f9ec47: python/sglang/benchmark/serving.py (benchmark, calculate_metrics,"
                + " async_request_openai_chat_completions)";
    }

    @Override
    public ViewResult compute(List<RequestRecord> all) {
        List<RequestRecord> records = Timing.measured(all);
        Samples ttfts = new Samples();
        Samples tpots = new Samples();
        Samples itls = new Samples();
        Samples e2e = new Samples();
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
            double latency = Timing.ms(r.sendNanos(), r.endNanos());
            // its ttft starts at 0.0 and is only set by a chunk with text
            double ttft = !r.stream() ? latency : events.length > 0 ? Timing.ms(r.sendNanos(), events[0]) : 0;
            int outputLen = outputLen(r);
            if (outputLen > 1) {
                tpots.add((latency - ttft) / (outputLen - 1));
            }
            if (r.stream()) {
                Timing.addGapsMs(events, itls);
            }
            ttfts.add(ttft);
            e2e.add(latency);
            totalInput += Timing.promptTokens(r);
            totalOutput += outputLen;
            eventTimes.add(r.stream() && events.length > 0 ? events
                    : new long[] {r.sendNanos() + Math.round(ttft * Timing.NANOS_PER_MS)});
            intervals.add(new long[] {r.sendNanos(), r.endNanos()});
            firstSend = Math.min(firstSend, r.sendNanos());
            lastEnd = Math.max(lastEnd, r.endNanos());
        }
        int completed = e2e.size();
        double duration = Timing.wholeRunSeconds(records);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration", duration);
        m.put("completed", completed);
        m.put("total_input_tokens", totalInput);
        m.put("total_output_tokens", totalOutput);
        m.put("request_throughput", Json.num(Timing.perSecond(completed, duration)));
        m.put("input_throughput", Json.num(Timing.perSecond(totalInput, duration)));
        m.put("output_throughput", Json.num(Timing.perSecond(totalOutput, duration)));
        m.put("total_throughput", Json.num(Timing.perSecond(totalInput + totalOutput, duration)));
        ServeStats.putOrNull(m, "e2e_latency", e2e, PERCENTS); // no "or 0" here
        ServeStats.put(m, "ttft", ttfts, PERCENTS);
        ServeStats.put(m, "tpot", tpots, PERCENTS);
        ServeStats.put(m, "itl", itls, PERCENTS);
        m.put("max_itl_ms", Json.num(itls.orZero().max()));
        m.put("concurrency", Json.num(Timing.perSecond(e2e.sum() / 1000, duration)));
        m.put("max_output_tokens_per_s", ServeStats.peakEventsPerSecond(eventTimes, firstSend, lastEnd));
        m.put("max_concurrent_requests", peakConcurrencyPerSecond(intervals, firstSend, lastEnd));
        ViewFigures figures = new ViewFigures(duration, completed, records.size() - completed,
                ttfts.orZero().mean(), ttfts.orZero().percentile(99), tpots.orZero().mean(),
                tpots.orZero().percentile(99), itls.orZero().mean(), itls.orZero().percentile(99),
                e2e.isEmpty() ? Double.NaN : e2e.mean() / 1000, e2e.isEmpty() ? Double.NaN : e2e.percentile(99) / 1000,
                Timing.perSecond(completed, duration), Timing.perSecond(totalOutput, duration));
        return new ViewResult(name(), tool(), source(), figures, m);
    }

    /** The server's usage count; without usage, the requested maximum (as SGLang assumes), else Barrage's count. */
    static int outputLen(RequestRecord r) {
        if (!r.tokensEstimated()) {
            return Timing.outputTokens(r);
        }
        int requested = requestedMaxTokens(r.request());
        return requested >= 0 ? requested : Timing.outputTokens(r);
    }

    /** {@code max_completion_tokens}, {@code max_tokens}, {@code max_output_tokens} or {@code sampling_params.max_new_tokens}; -1 if none. */
    static int requestedMaxTokens(String body) {
        if (body == null) {
            return -1;
        }
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode n : new JsonNode[] {root.path("max_completion_tokens"), root.path("max_tokens"),
                    root.path("max_output_tokens"), root.path("sampling_params").path("max_new_tokens")}) {
                if (n.isIntegralNumber()) {
                    return n.asInt();
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // not JSON (a stored body can be scrubbed or cut): no requested length to fall back on
        }
        return -1;
    }

    /**
     * SGLang's {@code max_concurrent_requests}: one-second buckets from the first send, a request
     * counted in every bucket from {@code int(send)} to {@code int(end)} inclusive.
     */
    static int peakConcurrencyPerSecond(List<long[]> intervals, long firstSendNanos, long lastEndNanos) {
        if (intervals.isEmpty()) {
            return 0;
        }
        int buckets = (int) Math.ceil(Timing.seconds(firstSendNanos, lastEndNanos)) + 1;
        int[] counts = new int[buckets];
        for (long[] interval : intervals) {
            int from = (int) Math.floor(Timing.seconds(firstSendNanos, interval[0]));
            int to = (int) Math.floor(Timing.seconds(firstSendNanos, interval[1]));
            for (int s = from; s < Math.min(to + 1, buckets); s++) {
                counts[s]++;
            }
        }
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return max;
    }
}
