package dev.barrage.visualizer;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.report.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VisualizersTest {
    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), false);

    /** Records the calls it gets; throws at {@code failAt} ("start", "step" or "finish"). */
    static final class Fake implements Visualizer {
        final List<String> calls = new ArrayList<>();
        private final String failAt;

        Fake(String failAt) {
            this.failAt = failAt;
        }

        @Override
        public String name() {
            return "fake-" + failAt;
        }

        @Override
        public void start(RunContext run) throws Exception {
            call("start");
        }

        @Override
        public void step(int index, StepResult step) throws Exception {
            call("step" + index);
        }

        @Override
        public void finish(List<StepResult> steps, Path report) throws Exception {
            call("finish");
        }

        private void call(String what) throws Exception {
            calls.add(what);
            if (what.startsWith(failAt)) {
                throw new java.io.IOException("server said no to key sekret-123");
            }
        }
    }

    @Test
    void aFailingVisualizerCostsOneScrubbedWarningAndTheOthersGoOn() {
        Fake failing = new Fake("step");
        Fake fine = new Fake("never");
        Visualizers v = new Visualizers(List.of(failing, fine), Set.of("sekret-123"), console);
        Arguments args = Arguments.builder().outputsDir(root).build();
        v.start(root, args);
        for (StepResult s : Steps.two()) {
            v.step(s);
        }
        v.finish(Steps.two(), root);

        assertThat(failing.calls).containsExactly("start", "step0");
        assertThat(fine.calls).containsExactly("start", "step0", "step1", "finish");
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.startsWith("WARNING:"))).hasSize(1);
        assertThat(text).contains("Visualizer fake-step failed at step (server said no to key ***)")
                .doesNotContain("sekret-123");
    }

    @Test
    void missingCredentialsAreInputErrorsBeforeAnythingIsSent() {
        for (String name : List.of("wandb", "swanlab", "mlflow", "clearml")) {
            Arguments args = Arguments.builder().visualizer(List.of(name)).build();
            assertThatThrownBy(() -> Visualizers.create(args, Map.of(), console))
                    .isInstanceOf(BarrageException.class)
                    .satisfies(e -> assertThat(((BarrageException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                    .hasMessageContaining(name);
        }
    }

    @Test
    void keysComeFromFlagsOrTheEnvironmentAndAKeyAloneTurnsItsVisualizerOn() {
        Visualizers fromFlag = Visualizers.create(Arguments.builder().wandbApiKey("k1").build(), Map.of(), console);
        assertThat(fromFlag.active()).extracting(Visualizer::name).containsExactly("wandb");
        Visualizers fromEnv = Visualizers.create(Arguments.builder().visualizer(List.of("clearml", "tensorboard"))
                .build(), Map.of("CLEARML_API_HOST", "http://127.0.0.1:8008", "CLEARML_API_ACCESS_KEY", "a",
                "CLEARML_API_SECRET_KEY", "s"), console);
        assertThat(fromEnv.active()).extracting(Visualizer::name).containsExactly("clearml", "tensorboard");
        Visualizers local = Visualizers.create(Arguments.builder().swanlabApiKey("local").build(), Map.of(), console);
        assertThat(local.active()).singleElement().isInstanceOf(SwanLabLocal.class);
    }

    @Test
    void unknownVisualizerIsRejectedWithTheSupportedNames() {
        assertThatThrownBy(() -> Arguments.builder().visualizer(List.of("grafana")).build())
                .hasMessageContaining("--visualizer").hasMessageContaining("tensorboard");
    }

    @Test
    void metricNamesAreSnakeCaseWithUnits() {
        assertThat(StepMetrics.snake("Req Throughput (req/s)")).isEqualTo("req_throughput_req_per_s");
        assertThat(StepMetrics.snake("Success Rate (%)")).isEqualTo("success_rate_pct");
        assertThat(StepMetrics.of(Steps.step(1, 100))).containsKeys("summary/avg_ttft_ms", "percentile/latency_s_p99")
                .doesNotContainKey("summary/request_rate_req_per_s"); // -1: no pacing, not a number to plot
    }
}
