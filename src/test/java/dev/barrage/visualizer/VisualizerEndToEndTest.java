package dev.barrage.visualizer;

import dev.barrage.Barrage;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.load.StopSignal;
import dev.barrage.report.Console;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A real sweep whose tracking servers are unreachable: one warning each, every result still written. */
class VisualizerEndToEndTest {
    private static final String SECRET = "swan-secret-77";

    @TempDir
    Path outputs;

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableServersNeverFailTheBenchmarkNorLeakKeys() throws Exception {
        int dead = closedPort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchmarkResults results;
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(2).build())) {
            Arguments args = Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("m")
                    .parallel(1, 2).number(2, 4).maxTokens(4).sleepInterval(0.0).outputsDir(outputs)
                    .visualizer(List.of("mlflow", "swanlab", "tensorboard"))
                    .mlflowTrackingUri("http://127.0.0.1:" + dead).swanlabHost("http://127.0.0.1:" + dead)
                    .swanlabApiKey(SECRET).build();
            results = Barrage.runPerfBenchmark(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                    false), new StopSignal());
        }
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(results.runs()).hasSize(2);
        assertThat(results.runs()).allMatch(r -> r.summary().successRequests() == r.step().number());
        assertThat(console.lines().filter(l -> l.startsWith("WARNING: Visualizer mlflow failed"))).hasSize(1);
        assertThat(console.lines().filter(l -> l.startsWith("WARNING: Visualizer swanlab failed"))).hasSize(1);
        assertThat(console).doesNotContain(SECRET);
        Path root = results.outputDir();
        assertThat(root.resolve("perf_report.html")).exists();
        assertThat(root.resolve("performance_summary.txt")).exists();
        try (Stream<Path> tb = Files.list(root.resolve("tensorboard"))) {
            assertThat(tb.toList()).singleElement().satisfies(f -> assertThat(Files.size(f)).isGreaterThan(100));
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as("%s", f)
                        .doesNotContain(SECRET);
            }
        }
        assertThat(root.resolve("parallel_1_number_2/benchmark_args.json")).content()
                .contains("\"swanlab_api_key\" : \"***\"").contains("\"visualizer\" : [ \"mlflow\", \"swanlab\"");
    }
}
