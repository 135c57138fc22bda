package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Barrage;
import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.report.Console;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real sweeps against the simulator on loopback, checking every file and key. Timing tolerances
 * are wide on purpose (a shared 2-core machine); the tight figures are in docs/performance.md.
 */
class PerfEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimServer sim;

    @TempDir
    Path outputs;

    @BeforeAll
    static void startSimulator() {
        sim = SimServer.start(SimConfig.builder().port(0).ttftMs(50).itlMs(10).itlGrowth(0).prefillUsPerToken(0)
                .maxBatch(256).build());
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    static BenchmarkResults run(Arguments args, ByteArrayOutputStream console) {
        return Barrage.runPerfBenchmark(args, new Console(new PrintStream(console, true, StandardCharsets.UTF_8), false),
                new StopSignal());
    }

    private Arguments.Builder args() {
        return Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("Qwen2.5-0.5B-Instruct")
                .outputsDir(outputs).sleepInterval(0.0).apiKey("sk-planted-secret-42");
    }

    @Test
    void sweepAtParallel1And200WritesEveryFileAndKey() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkResults results = run(args().parallel(1, 200).number(4, 400).maxTokens(8)
                .extraArgs(Map.of("ignore_eos", true)).build(), console);

        Path root = results.outputDir();
        assertThat(root.getParent().getParent()).isEqualTo(outputs);
        assertThat(root.getFileName().toString()).isEqualTo("Qwen2.5-0.5B-Instruct");
        assertThat(root.getParent().getFileName().toString()).matches("\\d{8}_\\d{6}");
        assertThat(results.runs()).hasSize(2);
        assertThat(root.resolve("performance_summary.txt")).content().contains("Performance overview")
                .contains("Suggestions");
        assertThat(root.resolve("benchmark.log")).content().contains("Benchmarking summary");
        JsonNode meta = JSON.readTree(root.resolve("run_meta.json").toFile());
        assertThat(meta.at("/server_models/status").asInt()).isEqualTo(200);
        assertThat(meta.at("/server_models/body/data/0/id").asText()).isNotEmpty();
        assertThat(meta.at("/first_response_headers/headers/content-type").asText()).startsWith("text/event-stream");
        assertThat(meta.get("barrage_version").asText()).isNotEmpty();
        assertThat(meta.get("runs")).hasSize(2);

        for (StepResult step : results.runs()) {
            Path dir = root.resolve("parallel_" + step.step().parallel() + "_number_" + step.step().number());
            assertThat(dir).isEqualTo(step.folder());
            checkStepFolder(dir, step.step().parallel(), step.step().number());
        }
        String out = console.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Benchmarking summary").contains("| Percentiles |").contains("Performance overview")
                .contains("Suggestions").doesNotContain("sk-planted-secret-42");
        for (Path file : Files.walk(root).filter(Files::isRegularFile).toList()) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                    .as("no secret in %s", file).doesNotContain("sk-planted-secret-42");
            assertThat(file.getFileName().toString()).as("the database is one self-contained file once the run is over"
                    + " (the report read it after it was written)").doesNotEndWith("-wal").doesNotEndWith("-shm");
        }
    }

    private void checkStepFolder(Path dir, int parallel, int number) throws Exception {
        JsonNode args = JSON.readTree(dir.resolve("benchmark_args.json").toFile());
        assertThat(args.get("parallel").asInt()).isEqualTo(parallel);
        assertThat(args.get("number").asInt()).isEqualTo(number);
        assertThat(args.get("api_key").asText()).isEqualTo("***");

        JsonNode summary = JSON.readTree(dir.resolve("benchmark_summary.json").toFile());
        for (String key : List.of("Test Duration (s)", "Concurrency", "Request Rate (req/s)", "Total Requests",
                "Success Requests", "Failed Requests", "Stream Requests", "Non-Stream Requests",
                "Req Throughput (req/s)", "Avg Latency (s)", "Avg Input Tokens", "Avg Output Tokens",
                "Output Throughput (tok/s)", "Total Throughput (tok/s)", "Avg TTFT (ms)", "Avg TPOT (ms)",
                "Avg ITL (ms)")) {
            assertThat(summary.has(key)).as(key).isTrue();
        }
        assertThat(summary.get("Concurrency").asInt()).isEqualTo(parallel);
        assertThat(summary.get("Total Requests").asInt()).isEqualTo(number);
        assertThat(summary.get("Success Requests").asInt()).isEqualTo(number);
        assertThat(summary.get("Avg Output Tokens").asDouble()).isEqualTo(8.0);
        assertThat(summary.get("Estimated Token Counts").asInt()).isZero();
        // Simulator: TTFT 50 ms from admission, ITL 10 ms, no growth. Generous bounds: a busy CI box.
        assertThat(summary.get("Avg TTFT (ms)").asDouble()).isBetween(49.0, 400.0);
        assertThat(summary.get("Avg ITL (ms)").asDouble()).isBetween(9.0, 40.0);

        JsonNode percentiles = JSON.readTree(dir.resolve("benchmark_percentile.json").toFile());
        assertThat(percentiles).hasSize(14);
        List<String> labels = new ArrayList<>();
        percentiles.forEach(row -> labels.add(row.get("Percentiles").asText()));
        assertThat(labels).containsExactly("min", "1%", "5%", "10%", "25%", "50%", "66%", "75%", "80%", "90%", "95%",
                "98%", "99%", "max");
        List<String> columns = new ArrayList<>();
        percentiles.get(0).fieldNames().forEachRemaining(columns::add);
        assertThat(columns).containsExactly("Percentiles", "TTFT (ms)", "ITL (ms)", "TPOT (ms)", "Latency (s)",
                "Input tokens", "Output tokens", "Output (tok/s)", "Total (tok/s)", "TTFT from intended (ms)",
                "Latency from intended (s)", "Schedule lag (ms)", "Queue time (ms)");
        assertThat(percentiles.get(5).get("Output tokens").asDouble()).isEqualTo(8.0);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("benchmark_data.db"));
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT * FROM result");
            ResultSetMetaData md = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i));
            }
            assertThat(names).startsWith("request", "start_time", "inter_token_latencies", "success",
                    "response_messages", "completed_time", "latency", "first_chunk_latency", "prompt_tokens",
                    "completion_tokens", "max_gpu_memory_cost", "time_per_output_token", "request_id", "is_stream");
            assertThat(names).contains("start_epoch_ms", "attempts", "status_code", "error_type", "error");
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertThat(rs.getInt("success")).isEqualTo(1);
                assertThat(rs.getInt("status_code")).isEqualTo(200);
                assertThat(rs.getInt("completion_tokens")).isEqualTo(8);
                assertThat(rs.getDouble("completed_time")).isGreaterThan(rs.getDouble("start_time"));
                assertThat(rs.getDouble("latency")).isCloseTo(rs.getDouble("completed_time") - rs.getDouble("start_time"),
                        org.assertj.core.api.Assertions.within(1e-6));
                assertThat(rs.getString("request")).contains("\"ignore_eos\":true").doesNotContain("sk-planted");
                assertThat(JSON.readTree(rs.getString("inter_token_latencies"))).hasSize(7);
                assertThat(rs.getLong("start_epoch_ms")).isGreaterThan(1_600_000_000_000L);
                assertThat(rs.getString("error_type")).isNull();
            }
            assertThat(rows).isEqualTo(number);
            ResultSet overlap = s.executeQuery("SELECT MAX(n) FROM (SELECT (SELECT COUNT(*) FROM result b WHERE"
                    + " b.start_time <= a.start_time AND b.completed_time > a.start_time) AS n FROM result a)");
            assertThat(overlap.getInt(1)).as("never more than --parallel in flight").isBetween(1, parallel);
        }
    }

    @Test
    void nonStreamedRunsRecordLatencyAsTtftAndNoItl() throws Exception {
        BenchmarkResults results = run(args().parallel(2).number(4).maxTokens(5).stream(false).build(),
                new ByteArrayOutputStream());
        StepResult step = results.runs().get(0);
        assertThat(step.summary().nonStreamRequests()).isEqualTo(4);
        assertThat(step.summary().successRequests()).isEqualTo(4);
        assertThat(step.summary().avgTtftMs()).isCloseTo(step.summary().avgLatencyS() * 1000,
                org.assertj.core.api.Assertions.within(1e-6));
        assertThat(step.percentiles().columns().get(PercentileTable.ITL)).isNull();
        assertThat(step.summary().avgOutputTokens()).isBetween(1.0, 5.0);
    }

    @Test
    void ttftAndItlMatchTheSimulatorAtParallel50() {
        SimServer precise = SimServer.start(SimConfig.builder().port(0).ttftMs(100).itlMs(10).itlGrowth(0)
                .prefillUsPerToken(0).maxBatch(256).build());
        try {
            BenchmarkResults results = run(Arguments.builder().url(precise.baseUrl() + "/v1/chat/completions")
                    .model("m").outputsDir(outputs).parallel(50).number(100).maxTokens(20)
                    .extraArgs(Map.of("ignore_eos", true)).build(), new ByteArrayOutputStream());
            PercentileTable p = results.runs().get(0).percentiles();
            // Tight figures (within 2 ms / 1 ms) are in docs/performance.md; here: bounds that a busy shared
            // machine cannot break. The lower bounds matter most: TTFT taken at the role chunk, or ITL per
            // read rather than per event, would fall below them.
            assertThat(p.value(PercentileTable.TTFT, "50%")).isBetween(99.0, 1000.0);
            assertThat(p.value(PercentileTable.ITL, "50%")).isBetween(9.0, 50.0);
            assertThat(p.value(PercentileTable.TPOT, "50%")).isBetween(9.0, 50.0);
        } finally {
            precise.close();
        }
    }

    @Test
    void neverOverwritesAnExistingSweepRoot() {
        Arguments a = args().parallel(1).number(1).maxTokens(2).noTimestamp(true).name("same").build();
        Path first = run(a, new ByteArrayOutputStream()).outputDir();
        Path second = run(a, new ByteArrayOutputStream()).outputDir();
        assertThat(first.getFileName().toString()).isEqualTo("same");
        assertThat(second.getFileName().toString()).isEqualTo("same_2");
        assertThat(first.resolve("parallel_1_number_1/benchmark_data.db")).exists();
    }

    @Test
    void aRepeatedStepGetsItsOwnFolder() throws Exception {
        BenchmarkResults r = run(args().parallel(1, 1).number(2, 2).maxTokens(2).build(), new ByteArrayOutputStream());
        assertThat(r.runs()).extracting(s -> s.folder().getFileName().toString())
                .containsExactly("parallel_1_number_2", "parallel_1_number_2_2");
        JsonNode summary = JSON.readTree(r.runs().get(1).folder().resolve("benchmark_summary.json").toFile());
        assertThat(summary.get("Request Rate (req/s)").isInt()).as("-1 as evalscope writes it").isTrue();
    }

    @Test
    void lineByLineDatasetBodiesReachTheServerAsWritten() throws Exception {
        Path file = outputs.resolve("lines.txt");
        Files.writeString(file, String.join("\n",
                "plain text prompt",
                "[{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": \"hi\"}]",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"body\"}], \"max_tokens\": 3, \"ignore_eos\": true}",
                ""));
        BenchmarkResults results = run(args().parallel(1).number(3).maxTokens(5).dataset("line_by_line")
                .datasetPath(file.toString()).noTestConnection(true).build(), new ByteArrayOutputStream());
        Path db = results.runs().get(0).folder().resolve("benchmark_data.db");
        List<String> requests = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery("SELECT request, completion_tokens FROM result ORDER BY"
                        + " CAST(request_id AS INTEGER)")) {
            while (rs.next()) {
                requests.add(rs.getString(1));
                if (requests.size() == 3) {
                    assertThat(rs.getInt(2)).as("the body's own max_tokens and ignore_eos").isEqualTo(3);
                }
            }
        }
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0)).contains("plain text prompt");
        assertThat(JSON.readTree(requests.get(1)).get("messages")).hasSize(2);
        assertThat(JSON.readTree(requests.get(2)).get("max_tokens").asInt()).isEqualTo(3);
        JsonNode meta = JSON.readTree(results.outputDir().resolve("run_meta.json").toFile());
        assertThat(meta.at("/first_response_headers/status").asInt()).as("headers of the first measured request")
                .isEqualTo(200);
    }
}
