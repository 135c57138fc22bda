package dev.barrage.metrics.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.barrage.metrics.RequestRecord;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Every view on four hand-made requests, each expected value worked out by hand from the tool's
 * definition (docs/metrics.md, "Metric views"). Times are in ms from an arbitrary origin:
 *
 * <pre>
 * A  stream, sent 0:  token events at 100, 110, 130; usage 5 tokens (the last chunk carried 3);
 *                     10 prompt tokens; body ends at 135 (usage chunk and [DONE] after the last token)
 * B  stream, sent 10: token events at 60, 80; usage 2 tokens; 20 prompt tokens; ends at 82
 * C  failed (HTTP 500), sent 20, ended 50
 * D  stream, sent 30: a success without a token event, usage 0 tokens; 5 prompt tokens; ends at 40
 * </pre>
 */
class MetricViewsTest {
    private static final Offset<Double> EXACT = within(1e-9);
    private static final long ORIGIN = 5_000_000_000_000L;

    private static long at(double ms) {
        return ORIGIN + Math.round(ms * 1e6);
    }

    private static RequestRecord stream(long index, double sendMs, double endMs, int prompt, int completion,
            double... tokenMs) {
        long[] tokens = new long[tokenMs.length];
        for (int i = 0; i < tokenMs.length; i++) {
            tokens[i] = at(tokenMs[i]);
        }
        return new RequestRecord(index, "{\"max_tokens\":8,\"stream\":true}", true, 0, at(sendMs), 0, at(sendMs),
                at(sendMs + 2), at(endMs), tokens, prompt, completion, false, -1, 0, "text", "", 200, null, null, 1);
    }

    private static final RequestRecord A = stream(0, 0, 135, 10, 5, 100, 110, 130);
    private static final RequestRecord B = stream(1, 10, 82, 20, 2, 60, 80);
    private static final RequestRecord C = new RequestRecord(2, "{\"max_tokens\":8,\"stream\":true}", true, 0, at(20), 0,
            at(20), at(50), at(50), new long[0], -1, -1, false, -1, 0, "", "", 500, "http_500", "boom", 1);
    private static final RequestRecord D = stream(3, 30, 40, 5, 0);
    private static final List<RequestRecord> RUN = List.of(A, B, C, D);

    private static ViewResult view(String name) {
        return MetricViews.byName(name).compute(RUN);
    }

    private static double metric(ViewResult v, String key) {
        return ((Number) v.metrics().get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static double nested(ViewResult v, String... path) {
        Object node = v.metrics();
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return ((Number) node).doubleValue();
    }

    @Test
    void evalscopeTimesTheFirstChoicesEventAveragesZeroTpotsAndRoundsNearestRankPercentiles() {
        ViewResult v = view("evalscope");
        // window: first send (0, the failure's counts) to the last success's end (135); C's end is ignored
        assertThat(metric(v, "Test Duration (s)")).isEqualTo(0.135);
        assertThat(metric(v, "Total Requests")).isEqualTo(4);
        assertThat(metric(v, "Success Requests")).isEqualTo(3);
        assertThat(metric(v, "Failed Requests")).isEqualTo(1);
        // TTFT: A 100, B 50, D (no token event: the end) 10 -> 160 / 3
        assertThat(metric(v, "Avg TTFT (ms)")).isEqualTo(53.33);
        // TPOT = (latency - TTFT) / (n - 1): A 35/4 = 8.75, B 22/1 = 22, D (0 tokens) 0, still averaged
        assertThat(metric(v, "Avg TPOT (ms)")).isEqualTo(10.25);
        // ITL: the chunk gaps pooled: 10, 20, 20 -> 50 / 3
        assertThat(metric(v, "Avg ITL (ms)")).isEqualTo(16.67);
        // latency to the end of the body: 135, 72, 10 ms -> 0.217 / 3 s
        assertThat(metric(v, "Avg Latency (s)")).isEqualTo(0.0723);
        assertThat(metric(v, "Req Throughput (req/s)")).isEqualTo(22.2222); // 3 / 0.135
        assertThat(metric(v, "Output Throughput (tok/s)")).isEqualTo(51.8519); // 7 / 0.135
        assertThat(metric(v, "Total Throughput (tok/s)")).isEqualTo(311.1111); // 42 / 0.135
        assertThat(metric(v, "Avg Input Tokens")).isEqualTo(11.6667);
        assertThat(metric(v, "Avg Output Tokens")).isEqualTo(2.3333);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) v.metrics().get("Percentiles");
        Map<String, Object> p99 = rows.stream().filter(r -> r.get("Percentiles").equals("99%")).findFirst().orElseThrow();
        Map<String, Object> p50 = rows.stream().filter(r -> r.get("Percentiles").equals("50%")).findFirst().orElseThrow();
        // sorted[int(3 * 99 / 100)] = sorted[2]; sorted[int(1.5)] = sorted[1]
        assertThat(p99.get("TTFT (ms)")).isEqualTo(100.0);
        assertThat(p50.get("TTFT (ms)")).isEqualTo(50.0);
        assertThat(p99.get("TPOT (ms)")).isEqualTo(22.0);
        assertThat(p50.get("TPOT (ms)")).isEqualTo(8.75);
        assertThat(p50.get("ITL (ms)")).isEqualTo(20.0);
        // 0.135 s rounded to 2 decimals as Python does (the double is just above 0.135)
        assertThat(p99.get("Latency (s)")).isEqualTo(0.14);
        // Decode = 1 / TPOT: 45.45, 114.29 and NaN for D's 0 TPOT, which sorts last
        assertThat(p50.get("Decode (tok/s)")).isEqualTo(114.29);
        assertThat(p99.get("Decode (tok/s)")).isNull();

        ViewFigures f = v.figures();
        assertThat(f.ttftP99Ms()).isEqualTo(100.0);
        assertThat(f.latencyP99S()).isEqualTo(0.14);
    }

    @Test
    void vllmEndsLatencyAtTheLastTokenChunkAndCountsTpotOnlyFromTwoTokens() {
        ViewResult v = view("vllm");
        // from the first intended send (0) until every task ended (135, the failure included)
        assertThat(metric(v, "duration")).isCloseTo(0.135, EXACT);
        assertThat(metric(v, "completed")).isEqualTo(3);
        assertThat(metric(v, "failed")).isEqualTo(1);
        assertThat(metric(v, "total_input_tokens")).isEqualTo(35);
        assertThat(metric(v, "total_output_tokens")).isEqualTo(7);
        // TTFT: A 100, B 50, D 10 (its role and finish chunks at the end)
        assertThat(metric(v, "mean_ttft_ms")).isCloseTo(160.0 / 3, EXACT);
        assertThat(metric(v, "median_ttft_ms")).isCloseTo(50, EXACT);
        assertThat(metric(v, "p99_ttft_ms")).isCloseTo(99.0, EXACT); // 50 + 0.98 * 50
        assertThat(metric(v, "std_ttft_ms")).isCloseTo(Math.sqrt((Math.pow(140.0 / 3, 2) + Math.pow(10.0 / 3, 2)
                + Math.pow(130.0 / 3, 2)) / 3), EXACT);
        // E2E to the last chunk with choices: A 130, B 70, D 10
        assertThat(metric(v, "mean_e2el_ms")).isCloseTo(70, EXACT);
        assertThat(metric(v, "p99_e2el_ms")).isCloseTo(128.8, EXACT); // 70 + 0.98 * 60
        // TPOT: A (130 - 100) / 4 = 7.5, B (70 - 50) / 1 = 20; D has fewer than 2 tokens: no sample
        assertThat(metric(v, "mean_tpot_ms")).isCloseTo(13.75, EXACT);
        assertThat(metric(v, "p99_tpot_ms")).isCloseTo(19.875, EXACT);
        // ITL: one sample per chunk gap, the 3-token chunk included once: 10, 20, 20
        assertThat(metric(v, "mean_itl_ms")).isCloseTo(50.0 / 3, EXACT);
        assertThat(metric(v, "median_itl_ms")).isCloseTo(20, EXACT);
        assertThat(metric(v, "request_throughput")).isCloseTo(3 / 0.135, within(1e-6));
        assertThat(metric(v, "output_throughput")).isCloseTo(7 / 0.135, within(1e-6));
        // all 6 chunk times (3 + 2 + D's one) fall in the first second
        assertThat(metric(v, "max_output_tokens_per_s")).isEqualTo(6);
        assertThat(metric(v, "max_concurrent_requests")).isEqualTo(3); // at 30 ms A, B and D are in flight
        assertThat(v.figures().latencyAvgS()).isCloseTo(0.070, EXACT);
    }

    @Test
    void sglangAveragesAZeroTtftForAReplyWithoutTextAndEndsLatencyAtDone() {
        ViewResult v = view("sglang");
        assertThat(metric(v, "completed")).isEqualTo(3);
        assertThat(v.metrics()).doesNotContainKey("failed");
        // TTFT: A 100, B 50, D 0.0 (never set, still appended)
        assertThat(metric(v, "mean_ttft_ms")).isCloseTo(50, EXACT);
        assertThat(metric(v, "p99_ttft_ms")).isCloseTo(99, EXACT);
        // latency at the last line read ([DONE], the body's end): 135, 72, 10
        assertThat(metric(v, "mean_e2e_latency_ms")).isCloseTo(217.0 / 3, EXACT);
        assertThat(metric(v, "p99_e2e_latency_ms")).isCloseTo(133.74, EXACT); // 72 + 0.98 * 63
        // TPOT: A (135 - 100) / 4 = 8.75, B (72 - 50) / 1 = 22
        assertThat(metric(v, "mean_tpot_ms")).isCloseTo(15.375, EXACT);
        assertThat(metric(v, "p99_tpot_ms")).isCloseTo(21.8675, EXACT);
        assertThat(metric(v, "mean_itl_ms")).isCloseTo(50.0 / 3, EXACT);
        assertThat(metric(v, "max_itl_ms")).isCloseTo(20, EXACT);
        // Little's law: 0.217 s of latency over a 0.135 s run
        assertThat(metric(v, "concurrency")).isCloseTo(0.217 / 0.135, within(1e-9));
        assertThat(metric(v, "input_throughput")).isCloseTo(35 / 0.135, within(1e-6));
        assertThat(metric(v, "max_concurrent_requests")).isEqualTo(3);
    }

    @Test
    void guidellmWeightsItlByTokensIncludesTheFirstTokenInTpotAndRatesTokensBetweenFirstAndLast() {
        ViewResult v = view("guidellm");
        assertThat(nested(v, "request_totals", "successful")).isEqualTo(3);
        assertThat(nested(v, "request_totals", "errored")).isEqualTo(1);
        // TTFT: 100, 50 and 0 for D (no first token), weight 1 each
        assertThat(nested(v, "time_to_first_token_ms", "successful", "mean")).isCloseTo(50, EXACT);
        assertThat(nested(v, "time_to_first_token_ms", "successful", "median")).isCloseTo(50, EXACT);
        assertThat(nested(v, "time_to_first_token_ms", "successful", "percentiles", "p99")).isCloseTo(100, EXACT);
        // TPOT = (last token - start) / n, weight n: A 130 / 5 = 26 (w 5), B 70 / 2 = 35 (w 2); D has no tokens
        assertThat(nested(v, "time_per_output_token_ms", "successful", "mean")).isCloseTo(200.0 / 7, EXACT);
        assertThat(nested(v, "time_per_output_token_ms", "successful", "median")).isCloseTo(26, EXACT);
        assertThat(nested(v, "time_per_output_token_ms", "successful", "count")).isEqualTo(7);
        // ITL = (last - first) / (n - 1), weight n - 1: A 30 / 4 = 7.5 (w 4), B 20 / 1 = 20 (w 1)
        assertThat(nested(v, "inter_token_latency_ms", "successful", "mean")).isCloseTo(10, EXACT);
        assertThat(nested(v, "inter_token_latency_ms", "successful", "median")).isCloseTo(7.5, EXACT);
        assertThat(nested(v, "inter_token_latency_ms", "successful", "percentiles", "p99")).isCloseTo(20, EXACT);
        assertThat(nested(v, "request_latency", "successful", "mean")).isCloseTo(0.217 / 3, EXACT);
        // requests over the window 0..135 ms
        assertThat(nested(v, "requests_per_second", "successful", "mean")).isCloseTo(3 / 0.135, within(1e-6));
        // 7 output tokens between the earliest token timing (D's end, 40) and the last token (130)
        assertThat(nested(v, "output_tokens_per_second", "successful", "mean")).isCloseTo(7 / 0.090, within(1e-6));
        // with the prompts' 35 tokens, stamped at each first token (D: its end)
        assertThat(nested(v, "tokens_per_second", "successful", "mean")).isCloseTo(42 / 0.090, within(1e-6));
        assertThat(v.figures().tpotAvgMs()).isCloseTo(200.0 / 7, EXACT);
        assertThat(v.figures().itlAvgMs()).isCloseTo(10, EXACT);
    }

    @Test
    void aiperfCountsAReplyWithoutContentAsAnErrorAndHasNoTpot() {
        ViewResult v = view("aiperf");
        assertThat(nested(v, "request_count", "avg")).isEqualTo(2); // A and B
        assertThat(nested(v, "error_request_count", "avg")).isEqualTo(2); // C failed, D had no content
        // duration: first valid request (0) to the last valid response (A's last token, 130)
        assertThat(nested(v, "benchmark_duration", "avg")).isCloseTo(0.130, EXACT);
        assertThat(nested(v, "time_to_first_token", "avg")).isCloseTo(75, EXACT);
        assertThat(nested(v, "time_to_first_token", "p99")).isCloseTo(99.5, EXACT);
        // request latency to the last response: 130, 70
        assertThat(nested(v, "request_latency", "avg")).isCloseTo(100, EXACT);
        // ITL = (latency - TTFT) / (OSL - 1): A 30 / 4 = 7.5, B 20 / 1 = 20
        assertThat(nested(v, "inter_token_latency", "avg")).isCloseTo(13.75, EXACT);
        // ICL: the chunk gaps 10, 20, 20
        assertThat(nested(v, "inter_chunk_latency", "avg")).isCloseTo(50.0 / 3, EXACT);
        assertThat(nested(v, "inter_chunk_latency", "count")).isEqualTo(3);
        assertThat(nested(v, "output_token_throughput_per_user", "avg")).isCloseTo((1000 / 7.5 + 1000 / 20.0) / 2, EXACT);
        assertThat(nested(v, "request_throughput", "avg")).isCloseTo(2 / 0.130, within(1e-6));
        assertThat(nested(v, "output_token_throughput", "avg")).isCloseTo(7 / 0.130, within(1e-6));
        assertThat(v.figures().tpotAvgMs()).isNaN();
        assertThat(v.figures().toJsonMap().get("TPOT avg (ms)")).isNull();
    }

    @Test
    void withoutUsageSglangTakesTheRequestedLengthAndGuidellmTheIterations() {
        // 3 token events, no usage: Barrage estimates 3 tokens; the request asked for at most 8
        RequestRecord noUsage = new RequestRecord(0, "{\"max_tokens\":8,\"stream\":true}", true, 0, at(0), 0, at(0),
                at(1), at(40), new long[] {at(10), at(20), at(30)}, -1, 3, true, -1, 0, "x", "", 200, null, null, 1);
        ViewResult sglang = MetricViews.byName("sglang").compute(List.of(noUsage));
        assertThat(metric(sglang, "total_output_tokens")).isEqualTo(8);
        assertThat(metric(sglang, "mean_tpot_ms")).isCloseTo((40 - 10) / 7.0, EXACT);
        ViewResult guidellm = MetricViews.byName("guidellm").compute(List.of(noUsage));
        assertThat(nested(guidellm, "inter_token_latency_ms", "successful", "mean")).isCloseTo(10, EXACT);
    }

    @Test
    void interruptedRequestsAreNoPartOfAnyView() {
        RequestRecord stopped = new RequestRecord(9, "{}", true, 0, at(0), 0, at(0), 0, at(500), new long[0], -1, -1,
                false, -1, 0, "", "", 0, RequestRecord.INTERRUPTED, "stopped", 1);
        for (MetricView view : MetricViews.ALL) {
            List<RequestRecord> withStop = new java.util.ArrayList<>(RUN);
            withStop.add(stopped);
            assertThat(view.compute(withStop).figures()).as(view.name()).isEqualTo(view.compute(RUN).figures());
        }
        assertThat(nested(MetricViews.byName("guidellm").compute(List.of(A, stopped)), "request_totals", "incomplete"))
                .isEqualTo(1);
    }

    @Test
    void namesAreParsedInTableOrderAndAnUnknownNameListsTheViews() {
        assertThat(MetricViews.parse(List.of("aiperf", "VLLM", "aiperf")).stream().map(MetricView::name))
                .containsExactly("vllm", "aiperf");
        assertThatThrownBy(() -> MetricViews.byName("genai-perf")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("should be one of evalscope, vllm, sglang, guidellm, aiperf");
    }

    @Test
    void noRecordsGiveEmptyViewsWithoutErrors() {
        for (MetricView view : MetricViews.ALL) {
            assertThat(view.compute(List.of()).toJsonMap()).as(view.name()).containsKey("Figures");
        }
    }
}
