package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Barrage;
import dev.barrage.BenchmarkResults;
import dev.barrage.Main;
import dev.barrage.config.Arguments;
import dev.barrage.report.Console;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SLA auto-tune against a simulator with a known knee, and --threshold pass/fail with exit codes. */
class SlaAndThresholdsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimServer knee;

    @TempDir
    Path outputs;

    @BeforeAll
    static void start() {
        // 32 sequences decode at once; a request beyond them waits a whole reply (~16 x 10 ms) for a slot.
        knee = SimServer.start(SimConfig.builder().port(0).ttftMs(20).itlMs(10).itlGrowth(0).prefillUsPerToken(0)
                .maxBatch(32).build());
    }

    @AfterAll
    static void stop() {
        knee.close();
    }

    private Arguments.Builder args() {
        return Arguments.builder().url(knee.baseUrl() + "/v1/chat/completions").model("m").outputsDir(outputs)
                .sleepInterval(0.0).maxTokens(16).extraArgs(Map.of("ignore_eos", true));
    }

    private static BenchmarkResults run(Arguments a) {
        return Barrage.runPerfBenchmark(a, new Console(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), false), new StopSignal());
    }

    @Test
    void slaSearchFindsTheKneeOfTheBatchLimit() throws Exception {
        BenchmarkResults r = run(args().slaAutoTune(true).slaVariable("parallel").slaParams("[{\"max_ttft\": \"<=120\"}]")
                .slaNumRuns(1).slaLowerBound(4.0).slaUpperBound(128.0).build());
        JsonNode sla = JSON.readTree(r.outputDir().resolve("sla_summary.json").toFile());
        double best = sla.at("/groups/0/best").asDouble();
        // Up to 32 in flight TTFT is ~20 ms; beyond, the extra requests wait ~180 ms for a slot.
        assertThat(best).as(sla.toString()).isBetween(31.0, 33.0);
        assertThat(sla.at("/groups/0/criteria").asText()).isEqualTo("max_ttft<=120");
        assertThat(r.outputDir().resolve("sla_tuning/sla_parallel_32_run_1/benchmark_summary.json")).exists();
        assertThat(r.outputDir().resolve("sla_tuning/sla_parallel_64_run_1/benchmark_summary.json")).exists();
        assertThat(r.outputDir().resolve("performance_summary.txt")).exists();
    }

    @Test
    void probesSendEnoughRequestsForThePercentileAsked() {
        Arguments a = args().slaAutoTune(true).slaParams("[{\"p99_ttft\": \"<=100\"}, {\"avg_tpot\": \"<=50\"}]")
                .build();
        SlaTuner tuner = new SlaTuner(a, null, null, null, new java.util.ArrayList<>());
        assertThat(tuner.requestsPerProbe(1)).as("5 / (1 - 0.99)").isEqualTo(500);
        assertThat(tuner.requestsPerProbe(1000)).as("2 x value").isEqualTo(2000);
    }

    @Test
    void slaObjectiveFindsTheThroughputPeak() throws Exception {
        BenchmarkResults r = run(args().slaAutoTune(true).slaVariable("parallel").slaParams("{\"rps\": \"max\"}")
                .slaNumRuns(1).slaUpperBound(256.0).build());
        JsonNode sla = JSON.readTree(r.outputDir().resolve("sla_summary.json").toFile());
        // Throughput grows until the 32 slots are full, then stays flat: the best is at or above the knee.
        assertThat(sla.at("/groups/0/best").asDouble()).as(sla.toString()).isGreaterThanOrEqualTo(24.0);
    }

    @Test
    void thresholdsPassOrFailEachRunAndSetTheExitCode() {
        String url = knee.baseUrl() + "/v1/chat/completions";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int pass = Main.run(new String[] {"perf", "--url", url, "--model", "m", "--parallel", "2", "--number", "6",
                "--max-tokens", "4", "--outputs-dir", outputs.toString(), "--sleep-interval", "0",
                "--threshold", "success_rate>=0.99", "--threshold", "p99_ttft<5000"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(pass).as(err.toString()).isZero();
        int fail = Main.run(new String[] {"perf", "--url", url, "--model", "m", "--parallel", "2", "--number", "6",
                "--max-tokens", "4", "--outputs-dir", outputs.toString(), "--sleep-interval", "0",
                "--threshold", "p99_ttft<0.001"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(fail).isEqualTo(1);
    }

    @Test
    void thresholdOutcomesAreWrittenAndReturned() throws Exception {
        BenchmarkResults r = run(args().parallel(1, 2).number(3, 4).thresholds(java.util.List.of("rps>0",
                "avg_latency<0.000001")).build());
        assertThat(r.thresholds()).hasSize(4);
        assertThat(r.thresholds()).filteredOn(o -> o.threshold().text().equals("rps>0")).allMatch(o -> o.passed());
        assertThat(r.thresholds()).filteredOn(o -> o.threshold().text().startsWith("avg_latency"))
                .noneMatch(o -> o.passed());
        assertThat(r.thresholdsPassed()).isFalse();
        JsonNode written = JSON.readTree(r.outputDir().resolve("thresholds.json").toFile());
        assertThat(written).hasSize(4);
        assertThat(Files.readString(r.outputDir().resolve("performance_summary.txt"))).contains("FAIL");
    }

    @Test
    void badThresholdsAndSlaParamsAreInputErrors() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"perf", "--threshold", "p99_ttft<<3"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--threshold");
        StringWriter err2 = new StringWriter();
        code = Main.run(new String[] {"perf", "--sla-auto-tune", "--sla-params", "[{\"p99_bogus\": \"<=1\"}]"},
                new PrintWriter(new StringWriter()), new PrintWriter(err2, true));
        assertThat(code).isEqualTo(2);
        assertThat(err2.toString()).contains("--sla-params").contains("unknown metric");
    }
}
