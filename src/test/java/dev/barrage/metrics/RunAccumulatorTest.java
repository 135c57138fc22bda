package dev.barrage.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed fixtures: every expected number below is worked out in the comments. */
class RunAccumulatorTest {
    private static final long MS = 1_000_000L;

    static RequestRecord ok(long index, long sendMs, long[] tokenMs, long endMs, int prompt, int completion) {
        long[] tokens = new long[tokenMs.length];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = tokenMs[i] * MS;
        }
        return new RequestRecord(index, "{}", true, 1_700_000_000_000L + sendMs, sendMs * MS, 0, sendMs * MS,
                sendMs * MS + MS, endMs * MS, tokens, prompt, completion, false, -1, -1, "text", "", 200, null, null, 1);
    }

    static RequestRecord failed(long index, long sendMs, long endMs, String type) {
        return new RequestRecord(index, "{}", true, 1_700_000_000_000L + sendMs, sendMs * MS, 0, sendMs * MS, 0,
                endMs * MS, new long[0], -1, -1, false, -1, -1, "", "", 500, type, "boom", 1);
    }

    private static RunAccumulator fixture() {
        RunAccumulator acc = new RunAccumulator();
        // A: TTFT 100 ms, ITL 10 and 15 ms, TPOT (125-100)/(3-1) = 12.5 ms, latency 0.13 s
        acc.add(ok(0, 0, new long[] {100, 110, 125}, 130, 10, 3));
        // B: TTFT 200 ms, ITL 20 ms, TPOT 20/1 = 20 ms, latency 0.23 s
        acc.add(ok(1, 50, new long[] {250, 270}, 280, 20, 2));
        // C: TTFT 300 ms, one token: no ITL, no TPOT, latency 0.31 s
        acc.add(ok(2, 100, new long[] {400}, 410, 5, 1));
        // D: a server failure; E: interrupted by the user (not a failure, but it spans the run)
        acc.add(failed(3, 120, 125, "http_error"));
        acc.add(failed(4, 130, 500, RequestRecord.INTERRUPTED));
        return acc;
    }

    @Test
    void summaryMatchesHandComputedValues() {
        RunSummary s = fixture().summary(8, -1, 10);
        assertThat(s.testDurationS()).isCloseTo(0.5, within(1e-12)); // last end 500 ms - first send 0
        assertThat(s.totalRequests()).isEqualTo(4);
        assertThat(s.successRequests()).isEqualTo(3);
        assertThat(s.failedRequests()).isEqualTo(1);
        assertThat(s.interruptedRequests()).isEqualTo(1);
        assertThat(s.reqThroughput()).isCloseTo(6.0, within(1e-9)); // 3 / 0.5
        assertThat(s.outputThroughput()).isCloseTo(12.0, within(1e-9)); // (3+2+1) / 0.5
        assertThat(s.totalThroughput()).isCloseTo(82.0, within(1e-9)); // (13+22+6) / 0.5
        assertThat(s.avgLatencyS()).isCloseTo((0.13 + 0.23 + 0.31) / 3, within(1e-12));
        assertThat(s.avgTtftMs()).isCloseTo(200.0, within(1e-9));
        assertThat(s.avgTpotMs()).isCloseTo(16.25, within(1e-9)); // (12.5 + 20) / 2: the 1-token reply is excluded
        assertThat(s.avgItlMs()).isCloseTo(15.0, within(1e-9)); // pooled gaps (10 + 15 + 20) / 3
        assertThat(s.avgInputTokens()).isCloseTo(35.0 / 3, within(1e-12));
        assertThat(s.avgOutputTokens()).isCloseTo(2.0, within(1e-12));
        assertThat(s.avgFirstByteMs()).isCloseTo(1.0, within(1e-9));
        assertThat(s.failureCauses()).containsExactly(java.util.Map.entry("http_error", 1));
        assertThat(s.successRatePercent()).isCloseTo(75.0, within(1e-12));
        assertThat(s.plannedRequests()).isEqualTo(10);
        assertThat(s.concurrency()).isEqualTo(8);
    }

    @Test
    void percentilesMatchHandComputedValues() {
        PercentileTable p = fixture().percentiles();
        // TTFT samples 100, 200, 300: p50 = 200, p99: i = 1.98 -> 200 + 100*0.98 = 298
        assertThat(p.value(PercentileTable.TTFT, "50%")).isCloseTo(200.0, within(1e-9));
        assertThat(p.value(PercentileTable.TTFT, "99%")).isCloseTo(298.0, within(1e-9));
        assertThat(p.value(PercentileTable.TTFT, "min")).isCloseTo(100.0, within(1e-9));
        // ITL samples 10, 15, 20
        assertThat(p.value(PercentileTable.ITL, "max")).isCloseTo(20.0, within(1e-9));
        assertThat(p.value(PercentileTable.ITL, "25%")).isCloseTo(12.5, within(1e-9));
        // TPOT samples 12.5 and 20: p50 = 16.25
        assertThat(p.value(PercentileTable.TPOT, "50%")).isCloseTo(16.25, within(1e-9));
        // Output tok/s per request: 3/0.13, 2/0.23, 1/0.31; the median is 2/0.23
        assertThat(p.value(PercentileTable.OUTPUT_THROUGHPUT, "50%")).isCloseTo(2 / 0.23, within(1e-9));
        assertThat(p.value(PercentileTable.TOTAL_THROUGHPUT, "max")).isCloseTo(13 / 0.13, within(1e-9));
        assertThat(p.value(PercentileTable.INPUT_TOKENS, "50%")).isEqualTo(10.0);
    }

    @Test
    void averagesEqualTheMeanOfTheirPercentileColumnsSamples() {
        RunAccumulator acc = fixture();
        RunSummary s = acc.summary(1, -1, 5);
        PercentileTable p = acc.percentiles();
        // With 3 TTFT samples symmetric around the median, mean = median.
        assertThat(s.avgTtftMs()).isCloseTo(p.value(PercentileTable.TTFT, "50%"), within(1e-9));
    }

    @Test
    void emptyRunHasMinusOneAveragesAndNoPercentiles() {
        RunAccumulator acc = new RunAccumulator();
        RunSummary s = acc.summary(1, -1, 0);
        assertThat(s.avgLatencyS()).isEqualTo(-1);
        assertThat(s.avgTtftMs()).isEqualTo(-1);
        assertThat(s.reqThroughput()).isZero();
        assertThat(acc.percentiles().columns().get(PercentileTable.TTFT)).isNull();
        assertThat(acc.percentiles().toRows()).hasSize(Percentiles.LABELS.size());
    }

    @Test
    void nonStreamedRunsUseLatencyAsTtft() {
        RunAccumulator acc = new RunAccumulator();
        acc.add(new RequestRecord(0, "{}", false, 0, 0, 0, 0, 0, 250 * MS, new long[0], 4, 7, false, -1, -1,
                "x", "", 200, null, null, 1));
        RunSummary s = acc.summary(1, -1, 1);
        assertThat(s.avgTtftMs()).isCloseTo(250.0, within(1e-9));
        assertThat(s.avgTpotMs()).isEqualTo(-1);
        assertThat(s.nonStreamRequests()).isEqualTo(1);
    }

    @Test
    void summaryJsonHasEvalscopeKeysFirstInOrder() {
        var keys = fixture().summary(1, -1, 5).toJsonMap().keySet().stream().toList();
        assertThat(keys).startsWith("Test Duration (s)", "Concurrency", "Request Rate (req/s)", "Total Requests",
                "Success Requests", "Failed Requests", "Stream Requests", "Non-Stream Requests",
                "Req Throughput (req/s)", "Avg Latency (s)", "Avg Input Tokens", "Avg Output Tokens",
                "Output Throughput (tok/s)", "Total Throughput (tok/s)", "Avg TTFT (ms)", "Avg TPOT (ms)",
                "Avg ITL (ms)");
    }
}
