package dev.barrage.metrics.views;

import dev.barrage.metrics.RequestRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AIPerf's definitions ({@code aiperf/metrics/types/}: {@code ttft_metric},
 * {@code request_latency_metric}, {@code inter_token_latency_metric},
 * {@code inter_chunk_latency_metric}, {@code output_sequence_length_metric},
 * {@code output_token_throughput_metrics}, {@code benchmark_duration_metric},
 * {@code request_throughput_metric}; the responses that count in
 * {@code aiperf/parsers/openai_parsers.py}; statistics in {@code aiperf/metrics/metric_dicts.py}).
 * Only valid records count: a success with at least one response carrying content or reasoning
 * text; a reply without any is an error there. TTFT and request latency at the first and last such
 * response, "ITL" = (latency − TTFT) / (OSL − 1) per request (vLLM's TPOT), "ICL" = the chunk
 * gaps, duration from the first valid request to the last valid response.
 */
final class AiperfView implements MetricView {
    private static final int[] PERCENTS = {1, 5, 10, 25, 50, 75, 90, 95, 99};

    @Override
    public String name() {
        return "aiperf";
    }

    @Override
    public String tool() {
        return "AIPerf (aiperf profile)";
    }

    @Override
    public String source() {
        return "ai-dynamo/aiperf@db4f6397: aiperf/metrics/types/ (ttft_metric, request_latency_metric,"
                + " inter_token_latency_metric, inter_chunk_latency_metric, output_sequence_length_metric,"
                + " output_token_throughput_metrics, benchmark_duration_metric, request_throughput_metric),"
                + " aiperf/parsers/openai_parsers.py, aiperf/metrics/metric_dicts.py (to_result)";
    }

    @Override
    public ViewResult compute(List<RequestRecord> all) {
        List<RequestRecord> records = Timing.measured(all);
        Samples ttft = new Samples();
        Samples latency = new Samples();
        Samples itl = new Samples();
        Samples icl = new Samples();
        Samples perUser = new Samples();
        Samples osl = new Samples();
        Samples isl = new Samples();
        long minRequest = Long.MAX_VALUE;
        long maxResponse = Long.MIN_VALUE;
        for (RequestRecord r : records) {
            long[] responses = Timing.events(r);
            if (!valid(r, responses)) {
                continue;
            }
            long last = responses[responses.length - 1];
            double latencyMs = Timing.ms(r.sendNanos(), last);
            int outputLength = Timing.outputTokens(r);
            latency.add(latencyMs);
            osl.add(outputLength);
            isl.add(Timing.promptTokens(r));
            minRequest = Math.min(minRequest, r.sendNanos());
            maxResponse = Math.max(maxResponse, last);
            if (!r.stream()) {
                continue; // TTFT, ITL and ICL are for streaming endpoints only
            }
            double ttftMs = Timing.ms(r.sendNanos(), responses[0]);
            ttft.add(ttftMs);
            Timing.addGapsMs(responses, icl);
            if (outputLength >= 2) {
                double itlMs = (latencyMs - ttftMs) / (outputLength - 1);
                itl.add(itlMs);
                perUser.add(1000 / itlMs);
            }
        }
        int valid = latency.size();
        double durationS = valid > 0 ? Timing.seconds(minRequest, maxResponse) : Double.NaN;
        double requestThroughput = valid > 0 ? valid / durationS : Double.NaN;
        double outputThroughput = valid > 0 ? osl.sum() / durationS : Double.NaN;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time_to_first_token", stats("ms", ttft));
        m.put("inter_token_latency", stats("ms", itl));
        m.put("inter_chunk_latency", stats("ms", icl));
        m.put("request_latency", stats("ms", latency));
        m.put("output_token_throughput_per_user", stats("tokens/sec/user", perUser));
        m.put("output_sequence_length", stats("tokens", osl));
        m.put("input_sequence_length", stats("tokens", isl));
        m.put("request_throughput", scalar("requests/sec", requestThroughput));
        m.put("output_token_throughput", scalar("tokens/sec", outputThroughput));
        m.put("benchmark_duration", scalar("sec", durationS));
        m.put("request_count", scalar("requests", valid));
        m.put("error_request_count", scalar("requests", records.size() - valid));
        ViewFigures figures = new ViewFigures(durationS, valid, records.size() - valid, ttft.mean(),
                ttft.percentile(99), Double.NaN, Double.NaN, itl.mean(), itl.percentile(99), latency.mean() / 1000,
                latency.percentile(99) / 1000, requestThroughput, outputThroughput);
        return new ViewResult(name(), tool(), source(), figures, m);
    }

    /** A record AIPerf's metrics count: no error, and a response with content or reasoning text. */
    private static boolean valid(RequestRecord r, long[] responses) {
        if (!r.success() || responses.length == 0) {
            return false;
        }
        return r.stream() || !(r.content() == null || r.content().isEmpty())
                || !(r.reasoning() == null || r.reasoning().isEmpty());
    }

    /** A record metric's result: numpy's min, max, mean, std and linear percentiles; absent (null) without values. */
    private static Map<String, Object> stats(String unit, Samples s) {
        if (s.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", unit);
        m.put("avg", Json.num(s.mean()));
        m.put("min", Json.num(s.min()));
        m.put("max", Json.num(s.max()));
        m.put("std", Json.num(s.std()));
        for (int p : PERCENTS) {
            m.put("p" + p, Json.num(s.percentile(p)));
        }
        m.put("count", s.size());
        return m;
    }

    private static Map<String, Object> scalar(String unit, double value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", unit);
        m.put("avg", Json.num(value));
        return m;
    }
}
