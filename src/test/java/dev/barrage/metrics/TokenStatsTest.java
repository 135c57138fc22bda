package dev.barrage.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Token accounting over hand-made records: sources, mismatches, cache and reasoning figures. */
class TokenStatsTest {
    private static RequestRecord record(int prompt, int completion, boolean estimated, int cached, int reasoning,
            TokenCounts counts) {
        return new RequestRecord(0, "{}", true, 0, 0, 0, 0, 0, 1_000_000, new long[] {500_000, 900_000}, prompt,
                completion, estimated, cached, reasoning, "ab", "", 200, null, null, 1, 0, counts);
    }

    @Test
    void reportsSourcesMismatchesCacheAndReasoning() {
        RunAccumulator acc = new RunAccumulator();
        acc.add(record(100, 10, false, 40, 3, new TokenCounts(100, 10, 100, 10, 2)));   // agree
        acc.add(record(100, 12, false, 60, 5, new TokenCounts(100, 12, 97, 10, 2)));    // input -3, output -2
        acc.add(record(50, 8, true, -1, -1, new TokenCounts(-1, -1, 50, 8, 2)));        // no usage: client counts
        TokenStats t = acc.summary(1, -1, 3).tokenStats();
        assertThat(t.inputSources()).isEqualTo(Map.of(TokenCounts.Source.SERVER, 2, TokenCounts.Source.CLIENT, 1));
        assertThat(t.outputSources()).isEqualTo(Map.of(TokenCounts.Source.SERVER, 2, TokenCounts.Source.CLIENT, 1));
        assertThat(t.comparedRequests()).isEqualTo(2);
        assertThat(t.mismatchRequests()).isEqualTo(1);
        assertThat(t.inputMismatches()).isEqualTo(1);
        assertThat(t.avgAbsInputDiff()).isEqualTo(1.5);
        assertThat(t.outputMismatches()).isEqualTo(1);
        assertThat(t.avgAbsOutputDiff()).isEqualTo(1.0);
        assertThat(t.avgCachedTokens()).isEqualTo(50.0);
        assertThat(t.cacheHitRatePercent()).isEqualTo(50.0);
        assertThat(t.avgReasoningTokens()).isEqualTo(4.0);
        Map<String, Object> json = acc.summary(1, -1, 3).toJsonMap();
        assertThat(json.get("Input Token Source")).isEqualTo("server usage (2), client tokenizer (1)");
        assertThat(json.get("Cache Hit Rate (%)")).isEqualTo(50.0);
        assertThat(t.line()).contains("1 of 2 requests differ").contains("input on 1 (mean |diff| 1.50)")
                .contains("50.00% of input tokens cached");
    }

    @Test
    void withoutUsageOrTokenizerOutputComesFromEvents() {
        RunAccumulator acc = new RunAccumulator();
        acc.add(record(-1, 2, true, -1, -1, new TokenCounts(-1, -1, -1, -1, 2)));
        TokenStats t = acc.summary(1, -1, 1).tokenStats();
        assertThat(TokenStats.describe(t.outputSources())).isEqualTo("streamed token events (estimate)");
        assertThat(TokenStats.describe(t.inputSources())).isEqualTo("unknown");
        assertThat(t.comparedRequests()).isZero();
        assertThat(t.avgAbsInputDiff()).isEqualTo(-1);
    }
}
