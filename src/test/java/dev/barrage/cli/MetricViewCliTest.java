package dev.barrage.cli;

import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --metric-view} on {@code barrage perf} and {@code barrage report}: files, recomputation, errors. */
class MetricViewCliTest {
    private static SimServer sim;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSimulator() {
        sim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).build());
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private Path perf(String... views) {
        String[] base = {"perf", "--url", sim.baseUrl() + "/v1/chat/completions", "--model", "m", "--outputs-dir",
                tmp.toString(), "--no-timestamp", "--name", "a", "--parallel", "2", "--number", "6", "--max-tokens", "4",
                "--sleep-interval", "0"};
        String[] args = java.util.Arrays.copyOf(base, base.length + views.length);
        System.arraycopy(views, 0, args, base.length, views.length);
        MainTest.Result r = MainTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return tmp.resolve("a");
    }

    @Test
    void reportRecomputesTheViewsFromTheDatabase() throws Exception {
        Path root = perf("--metric-view", "vllm,aiperf");
        Path step = root.resolve("parallel_2_number_6");
        String vllm = Files.readString(step.resolve("benchmark_summary_vllm.json"));
        Files.delete(step.resolve("benchmark_summary_vllm.json"));
        Files.delete(step.resolve("benchmark_summary_aiperf.json"));

        // without --metric-view: the views the run was made with
        assertThat(MainTest.run("report", root.toString()).code()).isZero();
        assertThat(step.resolve("benchmark_summary_vllm.json")).content().isEqualTo(vllm);
        assertThat(step.resolve("benchmark_summary_aiperf.json")).exists();
        assertThat(step.resolve("benchmark_summary_guidellm.json")).doesNotExist();

        // a view the run did not ask for, computed afterwards from the same database
        MainTest.Result r = MainTest.run("report", root.toString(), "--metric-view", "guidellm", "--metric-view",
                "sglang");
        assertThat(r.code()).isZero();
        assertThat(step.resolve("benchmark_summary_guidellm.json")).content().contains("inter_token_latency_ms");
        assertThat(step.resolve("benchmark_summary_sglang.json")).content().contains("mean_e2e_latency_ms");
        assertThat(root.resolve("performance_summary.txt")).content().contains("guidellm").contains("vllm");
        assertThat(root.resolve("perf_report.html")).content().contains("id=\"mvp-guidellm\"");
    }

    @Test
    void anUnknownViewIsOneErrorLineAndExitCode2() {
        MainTest.Result perf = MainTest.run("perf", "--outputs-dir", tmp.toString(), "--metric-view", "genai-perf");
        assertThat(perf.code()).isEqualTo(2);
        assertThat(perf.err().strip()).isEqualTo("barrage: error: Invalid value 'genai-perf' for option"
                + " '--metric-view': should be one of evalscope, vllm, sglang, guidellm, aiperf.");

        Path root = perf();
        MainTest.Result report = MainTest.run("report", root.toString(), "--metric-view", "vllm,llmperf");
        assertThat(report.code()).isEqualTo(2);
        assertThat(report.err().strip()).isEqualTo("barrage: error: Invalid value 'llmperf' for option"
                + " '--metric-view': should be one of evalscope, vllm, sglang, guidellm, aiperf.");

        MainTest.Result compare = MainTest.run("report", root.toString(), root.toString(), "--metric-view", "vllm");
        assertThat(compare.code()).isEqualTo(2);
        assertThat(compare.err().strip()).startsWith("barrage: error: Option '--metric-view' rebuilds one folder")
                .doesNotContain("\n");
    }
}
