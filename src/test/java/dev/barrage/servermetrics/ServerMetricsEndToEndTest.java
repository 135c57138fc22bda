package dev.barrage.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Main;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code barrage perf --server-metrics} against a real simulator for the requests and a loopback
 * server of engine pages (vLLM, SGLang, TGI, llama.cpp), plus a page whose counters reset and
 * endpoints that are slow, stall mid-body, are malformed, answer 500, are cut short or refuse the
 * connection — all in one run, whose requests must be untouched by any of it.
 */
class ServerMetricsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PATHS = List.of("/vllm", "/sglang", "/tgi", "/llamacpp", "/vllm-reset", "/slow",
            "/stall", "/broken", "/error", "/truncated");
    private static SimServer sim;
    private static EngineMetricsServer pages;
    private static String closedPort;

    @TempDir
    static Path outputs;
    private static JsonNode summary;
    private static Path database;
    private static String out;

    @BeforeAll
    static void runOnce() throws Exception {
        sim = SimServer.start(SimConfig.builder().port(0).ttftMs(20).itlMs(20).itlGrowth(0).maxBatch(4).build());
        pages = new EngineMetricsServer();
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = "http://127.0.0.1:" + s.getLocalPort() + "/metrics";
        }
        List<String> args = new ArrayList<>(List.of("perf", "--url", sim.baseUrl() + "/v1/chat/completions", "--model",
                "m", "--parallel", "4", "--number", "16", "--max-tokens", "20", "--outputs-dir", outputs.toString(),
                "--no-timestamp", "--server-metrics-interval", "0.2"));
        for (String p : PATHS) {
            args.add("--server-metrics");
            args.add(pages.url(p));
        }
        args.add("--server-metrics");
        args.add(closedPort);
        StringWriter stdout = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(stdout, true), new PrintWriter(stdout, true));
        assertThat(code).as(stdout.toString()).isZero();
        try (Stream<Path> files = Files.walk(outputs)) {
            out = Files.readString(files.filter(f -> f.getFileName().toString().equals("benchmark.log")).findFirst()
                    .orElseThrow()); // the console's copy: warnings go to the terminal, not to Main's writers
        }
        try (Stream<Path> files = Files.walk(outputs)) {
            Path file = files.filter(f -> f.getFileName().toString().equals("benchmark_summary.json")).findFirst()
                    .orElseThrow();
            summary = JSON.readTree(file.toFile());
            database = file.resolveSibling("benchmark_data.db");
        }
    }

    @AfterAll
    static void stop() {
        pages.close();
        sim.close();
    }

    private static JsonNode endpoint(String path) {
        return summary.path("Server Metrics").path(pages.url(path));
    }

    @Test
    void theRequestsAreUnaffected() {
        assertThat(summary.path("Success Requests").asInt()).isEqualTo(16);
        assertThat(summary.path("Failed Requests").asInt()).isZero();
        assertThat(out).doesNotContain("Exception");
    }

    @Test
    void eachEngineIsRecognisedAndItsConceptsAggregated() {
        for (String engine : List.of("vllm", "sglang", "tgi", "llamacpp")) {
            JsonNode e = endpoint("/" + engine);
            assertThat(e.path("engine").asText()).isEqualTo(engine.equals("llamacpp") ? "llama.cpp" : engine);
            assertThat(e.path("failed_scrapes").asInt()).as(engine).isZero();
            int k = e.path("scrapes").asInt();
            assertThat(k).as(engine + ": the first, the last, and some between").isGreaterThanOrEqualTo(4);
            // every generation counter of the fixtures grows by 40 a scrape
            assertThat(e.path("generation_tokens").path("increase").asDouble()).as(engine).isEqualTo(40.0 * (k - 1));
            assertThat(e.path("waiting_requests").path("max").asDouble()).as(engine).isGreaterThan(0);
        }
        JsonNode vllm = endpoint("/vllm");
        int k = vllm.path("scrapes").asInt();
        assertThat(vllm.path("running_requests").path("min").asDouble()).isEqualTo(1);
        assertThat(vllm.path("running_requests").path("max").asDouble()).isEqualTo(k);
        assertThat(vllm.path("running_requests").path("last").asDouble()).isEqualTo(k);
        assertThat(vllm.path("kv_cache_usage").path("mean").asDouble()).isEqualTo(0.25);
        assertThat(vllm.path("finished_requests").path("increase").asDouble()).isEqualTo(4.0 * (k - 1));
        assertThat(vllm.path("ttft").path("metric").asText()).isEqualTo("vllm:time_to_first_token_seconds");
        assertThat(vllm.path("ttft").path("count").asDouble()).isEqualTo(4.0 * (k - 1));
        assertThat(vllm.path("ttft").path("mean_ms").asDouble()).isCloseTo(25, within(1e-6)); // 0.1 s per 4
        assertThat(vllm.path("ttft").path("p50_ms").asDouble()).isCloseTo(20, within(1e-6));
        assertThat(vllm.path("e2e_latency").path("mean_ms").asDouble()).isCloseTo(400, within(1e-6));
        JsonNode llama = endpoint("/llamacpp");
        assertThat(llama.path("running_requests").path("mean").asDouble()).isEqualTo(4);
        assertThat(llama.path("cached_prompt_tokens").path("increase").asDouble())
                .isEqualTo(10.0 * (llama.path("scrapes").asInt() - 1));
        assertThat(endpoint("/tgi").path("prompt_tokens").path("metric").asText()).isEqualTo("tgi_request_input_length_sum");
        assertThat(endpoint("/tgi").path("e2e_latency").path("count").asDouble()).isPositive();
        assertThat(endpoint("/sglang").path("kv_cache_usage").path("max").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aCounterThatResetsStillGivesTheRunsIncrease() {
        JsonNode e = endpoint("/vllm-reset");
        int k = e.path("scrapes").asInt();
        assertThat(e.path("prompt_tokens").path("resets").asInt()).isEqualTo(1);
        assertThat(e.path("prompt_tokens").path("increase").asDouble()).isEqualTo(100.0 * (k - 1));
        assertThat(e.path("ttft").path("count").asDouble()).isEqualTo(4.0 * (k - 1));
    }

    @Test
    void badEndpointsAreCountedWithTheirReason() {
        assertThat(endpoint("/slow").path("last_error").asText()).contains("no answer within 1.0 s");
        assertThat(endpoint("/stall").path("last_error").asText()).contains("no answer within 1.0 s");
        assertThat(endpoint("/broken").path("last_error").asText()).startsWith("not a Prometheus metrics page: line 1:");
        assertThat(endpoint("/error").path("last_error").asText()).startsWith("HTTP 500 (Internal Server Error)");
        assertThat(endpoint("/truncated").path("last_error").asText()).contains("must end with '# EOF'");
        assertThat(summary.path("Server Metrics").path(closedPort).path("last_error").asText())
                .startsWith("cannot connect");
        for (String p : List.of("/slow", "/stall", "/broken", "/error", "/truncated")) {
            JsonNode e = endpoint(p);
            assertThat(e.path("failed_scrapes").asInt()).as(p).isEqualTo(e.path("scrapes").asInt()).isPositive();
        }
        // one warning per endpoint as it first fails, then a count at the end of the run
        assertThat(out).contains("server metrics: " + closedPort + ": cannot connect");
        assertThat(out).containsPattern("server metrics: \\d+ of \\d+ scrapes of " + pages.url("/broken") + " failed");
    }

    @Test
    void aSlowEndpointDoesNotSlowTheOthers() {
        // the run lasts over a second; at 0.2 s the healthy pages are scraped several times meanwhile
        assertThat(endpoint("/vllm").path("scrapes").asInt())
                .isGreaterThan(endpoint("/slow").path("scrapes").asInt() + 2);
    }

    @Test
    void everySampleIsStoredWithItsLabelsOnTheRequestsClock() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT labels, value FROM server_metrics WHERE endpoint='"
                    + pages.url("/vllm") + "' AND name='vllm:num_requests_waiting' LIMIT 1");
            assertThat(rs.next()).isTrue();
            assertThat(JSON.readTree(rs.getString(1)).path("model_name").asText())
                    .isEqualTo("/models/Qwen \"2.5\" \\ 7B\nInstruct");
            assertThat(rs.getDouble(2)).isEqualTo(2.0);
            rs = s.executeQuery("SELECT COUNT(*), SUM(value IS NULL) FROM server_metrics WHERE name='barrage_test_gauge_nan'");
            assertThat(rs.getInt(1)).isPositive();
            assertThat(rs.getInt(2)).as("NaN is stored as NULL").isEqualTo(rs.getInt(1));
            rs = s.executeQuery("SELECT value FROM server_metrics WHERE name='barrage_test_gauge_inf' AND labels LIKE"
                    + " '%high%' LIMIT 1");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(Double.POSITIVE_INFINITY);
            // unknown metrics are stored too
            rs = s.executeQuery("SELECT COUNT(*) FROM server_metrics WHERE name='python_gc_objects_collected_total'");
            assertThat(rs.getInt(1)).isPositive();
            rs = s.executeQuery("SELECT MIN(m.timestamp) >= (SELECT MIN(start_time) FROM result) - 5,"
                    + " MAX(m.timestamp) >= (SELECT MAX(completed_time) FROM result),"
                    + " MIN(m.timestamp) <= (SELECT MIN(start_time) FROM result)"
                    + " FROM server_metrics m WHERE endpoint='" + pages.url("/vllm") + "'");
            assertThat(rs.getInt(1)).as("same clock as start_time").isEqualTo(1);
            assertThat(rs.getInt(2)).as("the last scrape follows the last response").isEqualTo(1);
            assertThat(rs.getInt(3)).as("the first scrape precedes the first request").isEqualTo(1);
            rs = s.executeQuery("SELECT COUNT(*) FROM server_metrics_scrapes WHERE error IS NOT NULL");
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void theServersTokenCountersAreSetAgainstBarragesTotals() {
        JsonNode tokens = summary.path("Server vs Client").path("tokens");
        assertThat(tokens.path("client_generation_tokens").asLong()).isPositive();
        assertThat(tokens.has("server_generation_tokens")).isTrue();
        JsonNode ttft = summary.path("Server vs Client").path("ttft");
        assertThat(ttft.path("server_count").asDouble()).isPositive();
        assertThat(ttft.path("client_count").asInt()).isEqualTo(16);
        assertThat(ttft.path("overhead_mean_ms").asDouble()).isCloseTo(ttft.path("client_mean_ms").asDouble()
                - ttft.path("server_mean_ms").asDouble(), within(1e-3));
    }

    @Test
    void barrageReportRebuildsTheSameServerMetricsFromTheDatabase() throws Exception {
        Path folder = database.getParent();
        Path root = folder.getParent();
        StringWriter stdout = new StringWriter();
        int code = Main.run(new String[] {"report", root.toString()}, new PrintWriter(stdout, true),
                new PrintWriter(stdout, true));
        assertThat(code).as(stdout.toString()).isZero();
        JsonNode rebuilt = JSON.readTree(folder.resolve("benchmark_summary.json").toFile());
        assertThat(rebuilt.path("Server Metrics")).isEqualTo(summary.path("Server Metrics"));
        assertThat(rebuilt.path("Server vs Client")).isEqualTo(summary.path("Server vs Client"));
    }
}
