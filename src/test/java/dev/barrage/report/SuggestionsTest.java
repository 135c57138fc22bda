package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {
    static StepResult run(int concurrency, double rps, double latencyS, int success, int total) {
        RunSummary s = new RunSummary(10, concurrency, -1, total, success, total - success, total, 0, rps, latencyS,
                10, 20, rps * 20, rps * 30, 50, 10, 10, total, 0, 0, 0, 1, Map.of(), "2026-01-01T00:00:00Z", null, null,
                null);
        return new StepResult(new Arguments.Step(concurrency, total), s, new PercentileTable(Map.of()), Path.of("x"),
                false);
    }

    @Test
    void findsThePlateauAndRecommendsItsStart() {
        List<String> s = Suggestions.of(List.of(run(1, 1.5, 0.7, 8, 8), run(8, 11, 0.72, 32, 32),
                run(32, 36, 0.9, 128, 128), run(128, 35.5, 3.6, 256, 256)));
        assertThat(s.get(0)).contains("36.00 req/s").contains("concurrency 32");
        assertThat(s.get(1)).contains("0.700 s").contains("concurrency 1");
        assertThat(s.get(2)).contains("plateaus").contains("Recommended: concurrency 32").contains("4.0x");
    }

    @Test
    void saysTheLimitWasNotReachedWhenThroughputStillGrows() {
        List<String> s = Suggestions.of(List.of(run(1, 1, 1, 10, 10), run(10, 9, 1.1, 20, 20), run(50, 40, 1.2, 100, 100)));
        assertThat(s).anyMatch(line -> line.startsWith("Limit not reached"));
    }

    @Test
    void saysToLowerTheLoadWhenTheFirstRunIsBest() {
        List<String> s = Suggestions.of(List.of(run(1, 10, 0.1, 10, 10), run(10, 6, 2, 20, 20), run(50, 3, 9, 100, 100)));
        assertThat(s).anyMatch(line -> line.contains("lower the load"));
    }

    @Test
    void warnsAboutLowSuccessRates() {
        List<String> s = Suggestions.of(List.of(run(1, 1, 1, 10, 10), run(10, 5, 1, 15, 20)));
        assertThat(s).anyMatch(line -> line.startsWith("Warning: only 75.0% of requests succeeded at concurrency 10"));
    }

    @Test
    void singleRunAsksForASweep() {
        assertThat(Suggestions.of(List.of(run(4, 3, 1, 10, 10)))).anyMatch(line -> line.contains("sweep several")
                && line.contains("--parallel"));
        RunSummary s = run(4, 3, 1, 10, 10).summary();
        StepResult paced = new StepResult(new Arguments.Step(-1, 10, 5.0), s, new PercentileTable(Map.of()), Path.of("x"),
                false);
        assertThat(Suggestions.of(List.of(paced))).as("a paced run (or a replayed trace) sweeps rates, not --parallel")
                .anyMatch(line -> line.contains("sweep several rates") && !line.contains("--parallel"));
    }

    @Test
    void noSuccessAtAll() {
        assertThat(Suggestions.of(List.of(run(4, 0, -1, 0, 10)))).first().asString().startsWith("No request succeeded");
    }
}
