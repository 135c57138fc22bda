package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.views.MetricViews;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code --metric-view} against the simulator on loopback: each view's file, its TTFT against the
 * simulator's configured one, and the tables of performance_summary.txt and the HTML report.
 */
class MetricViewsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TTFT_MS = 50;

    @TempDir
    Path outputs;

    @Test
    void everyViewsTtftOnTheSimulatorIsItsConfiguredTtft() throws Exception {
        SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(TTFT_MS).itlMs(5).itlGrowth(0)
                .prefillUsPerToken(0).maxBatch(256).build());
        try {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            BenchmarkResults results = PerfEndToEndTest.run(Arguments.builder()
                    .url(sim.baseUrl() + "/v1/chat/completions").model("m").outputsDir(outputs).sleepInterval(0.0)
                    .parallel(4).number(100).warmupNum(8.0).maxTokens(8).extraArgs(Map.of("ignore_eos", true))
                    .metricViews(MetricViews.names()).build(), console);
            Path step = results.runs().get(0).folder();
            double nativeTtft = JSON.readTree(step.resolve("benchmark_summary.json").toFile()).get("Avg TTFT (ms)")
                    .asDouble();
            // medians: a busy machine's stragglers move the means by a few ms, not the medians
            assertThat(median(JSON.readTree(step.resolve("benchmark_percentile.json").toFile()), "TTFT (ms)"))
                    .isBetween(TTFT_MS - 2, TTFT_MS + 2);
            JsonNode evalscope = JSON.readTree(step.resolve("benchmark_summary_evalscope.json").toFile());
            assertThat(median(evalscope.get("Metrics").get("Percentiles"), "TTFT (ms)"))
                    .isBetween(TTFT_MS - 2, TTFT_MS + 2);
            for (String view : MetricViews.names()) {
                JsonNode figures = JSON.readTree(step.resolve("benchmark_summary_" + view + ".json").toFile())
                        .get("Figures");
                // on the simulator the role chunk rides with the first token: every view reads the native TTFT
                assertThat(figures.get("TTFT avg (ms)").asDouble()).as(view).isCloseTo(nativeTtft, within(0.01));
                assertThat(figures.get("Completed").asInt()).as(view).isEqualTo(100);
                assertThat(figures.get("Failed").asInt()).as(view).isZero();
            }
            // the simulator streams one token per event: every view's per-chunk ITL is the configured 5 ms
            JsonNode vllm = JSON.readTree(step.resolve("benchmark_summary_vllm.json").toFile()).get("Metrics");
            assertThat(vllm.get("median_itl_ms").asDouble()).isBetween(4.5, 15.0);
            assertThat(vllm.get("total_output_tokens").asInt()).isEqualTo(100 * 8);

            Path root = results.outputDir();
            String summaryText = java.nio.file.Files.readString(root.resolve("performance_summary.txt"));
            assertThat(summaryText).contains("Metric views").contains("barrage (native)").contains("vllm")
                    .contains("sglang").contains("guidellm").contains("aiperf").contains("evalscope");
            assertThat(root.resolve("perf_report.html")).content().contains("<h2>Metric views</h2>")
                    .contains("id=\"mv-native\"").contains("id=\"mvp-aiperf\"").contains("AIPerf (aiperf profile)");
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("Metric views (parallel 4");
            assertThat(JSON.readTree(step.resolve("benchmark_args.json").toFile()).get("metric_view"))
                    .hasSize(5);
        } finally {
            sim.close();
        }
    }

    /** The 50% row of a benchmark_percentile.json-shaped list. */
    private static double median(JsonNode rows, String column) {
        for (JsonNode row : rows) {
            if (row.get("Percentiles").asText().equals("50%")) {
                return row.get(column).asDouble();
            }
        }
        throw new AssertionError("no 50% row in " + rows);
    }

    @Test
    void withoutTheFlagNoViewIsWritten() throws Exception {
        SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).build());
        try {
            BenchmarkResults results = PerfEndToEndTest.run(Arguments.builder()
                    .url(sim.baseUrl() + "/v1/chat/completions").model("m").outputsDir(outputs).sleepInterval(0.0)
                    .parallel(1).number(2).maxTokens(2).build(), new ByteArrayOutputStream());
            Path step = results.runs().get(0).folder();
            try (var files = java.nio.file.Files.list(step)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("benchmark_summary_"));
            }
            assertThat(results.outputDir().resolve("performance_summary.txt")).content().doesNotContain("Metric views");
            assertThat(results.outputDir().resolve("perf_report.html")).content().doesNotContain("Metric views");
        } finally {
            sim.close();
        }
    }
}
