package dev.barrage.load;

import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Datasets;
import dev.barrage.report.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** How a trace becomes runs: their size, their nominal rate, the send times and the console line. */
class TraceReplayTest {
    @TempDir
    Path dir;

    /** A trace of {@code n} records {@code gapSeconds} apart. */
    private Arguments.Builder trace(int n, double gapSeconds) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"timestamp\": ").append(i * gapSeconds).append(", \"body\": {\"model\": \"x\"}}\n");
        }
        Path f = Files.writeString(dir.resolve("t" + n + ".jsonl"), sb);
        return Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m").dataset("workload_trace")
                .datasetPath(f.toString());
    }

    private static Console quiet(ByteArrayOutputStream out) {
        return new Console(new PrintStream(out, true, StandardCharsets.UTF_8), false);
    }

    @Test
    void aRunIsAnOpenLoopAtTheTracesMeanRate() throws Exception {
        Arguments args = trace(501, 0.24).datasetArgs(Map.of("speed", 2)).build();
        Dataset d = Datasets.load(args);
        List<Arguments.Step> steps = TraceReplay.steps(args, d, quiet(new ByteArrayOutputStream()));
        assertThat(steps).containsExactly(new Arguments.Step(-1, 501, 8.333));
        LoadPlan plan = LoadPlan.of(args, steps.get(0), 1);
        assertThat(TraceReplay.describe(d.trace(), plan)).startsWith(
                "Replaying 501 trace records spanning 120.0 s at speed 2 (60.0 s), open loop: each is sent at its time"
                        + " in the trace whatever is in flight");
        LongSupplier times = TraceReplay.schedule(d.trace());
        assertThat(times.getAsLong()).isZero();
        assertThat(times.getAsLong()).isEqualTo(120_000_000);
    }

    @Test
    void warmupRecordsOpenTheTimelineAndTheRateIsThatOfTheMeasuredOnes() throws Exception {
        Arguments args = trace(10, 1).number(4).warmupNum(3.0).build();
        Dataset d = Datasets.load(args);
        Arguments.Step step = TraceReplay.steps(args, d, quiet(new ByteArrayOutputStream())).get(0);
        assertThat(step).isEqualTo(new Arguments.Step(-1, 4, 1.0));
        assertThat(TraceReplay.describe(d.trace(), LoadPlan.of(args, step, 1)))
                .startsWith("Replaying 7 trace records (the first 3 as warm-up) spanning 6.0 s at speed 1 (6.0 s)");
        assertThat(TraceReplay.requestIds(d.trace(), 3).apply(0)).as("no ids in this trace").isNull();
    }

    @Test
    void recordsAtOneInstantHaveNoRateAndAreDescribedAsAllAtOnce() throws Exception {
        Arguments args = trace(5, 0).build();
        Dataset d = Datasets.load(args);
        assertThat(TraceReplay.steps(args, d, quiet(new ByteArrayOutputStream())))
                .containsExactly(new Arguments.Step(5, 5, -1));
        Arguments one = trace(1, 1).build();
        assertThat(TraceReplay.steps(one, Datasets.load(one), quiet(new ByteArrayOutputStream())))
                .containsExactly(new Arguments.Step(1, 1, -1));
    }

    @Test
    void otherDatasetsKeepTheirSweep() {
        Arguments args = Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m").parallel(1, 4)
                .number(2, 8).build();
        assertThat(TraceReplay.steps(args, Datasets.builtin(), quiet(new ByteArrayOutputStream())))
                .isEqualTo(args.steps());
        assertThat(TraceReplay.prepare(args, Datasets.builtin(), quiet(new ByteArrayOutputStream()))).isSameAs(args);
    }
}
