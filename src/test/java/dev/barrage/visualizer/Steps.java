package dev.barrage.visualizer;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.RunAccumulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Two small sweep steps with hand-made records: concurrency 1 (TTFT 100 ms) and 4 (TTFT 200 ms). */
final class Steps {
    private static final long MS = 1_000_000L;

    private Steps() {
    }

    static List<StepResult> two() {
        return List.of(step(1, 100), step(4, 200));
    }

    /** One request: TTFT {@code ttftMs}, then tokens every 10 ms, 3 output tokens. */
    static StepResult step(int concurrency, long ttftMs) {
        RunAccumulator acc = new RunAccumulator();
        for (int i = 0; i < 2; i++) {
            long send = i * 1000L * MS;
            long first = send + ttftMs * MS;
            acc.add(new RequestRecord(i, "{}", true, 1_700_000_000_000L, send, 0, send, send + MS, first + 25 * MS,
                    new long[] {first, first + 10 * MS, first + 20 * MS}, 10, 3, false, -1, -1, "abc", "", 200, null,
                    null, 1));
        }
        return new StepResult(new Arguments.Step(concurrency, 2), acc.summary(concurrency, -1, 2), acc.percentiles(),
                Path.of("parallel_" + concurrency + "_number_2"), false);
    }

    static RunContext run(Path root) {
        return new RunContext("my-run", root, Map.of("model", "m", "api_key", "***", "parallel", List.of(1, 4)),
                1_700_000_000_000L);
    }
}
