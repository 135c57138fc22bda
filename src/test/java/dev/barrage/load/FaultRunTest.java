package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole runs against a simulator that fails on purpose: every failure is a row with its stable
 * error_type and the server's message, the run goes on to its planned count, the summary's
 * "Failure Causes" matches the database, and what succeeded is measured as usual.
 */
class FaultRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outputs;

    /** Each fault hits every Nth request; the first matching fault wins (simulator order). */
    private static final List<String> FAULTS = List.of("status=429@every=7", "status-text=502@every=11",
            "cut=3@every=13", "malformed=2@every=17", "bad-utf8=1@every=19", "wrong-type@every=23",
            "stall-stream=30@every=29", "huge-event=1048576@every=31");
    private static final Map<Integer, String> CAUSE_OF_EVERY = Map.of(7, "http_error", 11, "http_error",
            13, "connection_closed", 17, "bad_response", 19, "bad_response", 23, "wrong_content_type",
            29, "read_timeout");

    private static SimServer sim(List<String> faults, double retryAfterS) {
        SimConfig.Builder b = SimConfig.builder().port(0).ttftMs(2).itlMs(1).itlGrowth(0).prefillUsPerToken(0)
                .maxBatch(256).retryAfterS(retryAfterS);
        faults.forEach(b::fault);
        return SimServer.start(b.build());
    }

    private Arguments.Builder args(SimServer sim, int parallel, int number) {
        return Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("m").outputsDir(outputs)
                .parallel(parallel).number(number).maxTokens(8).extraArgs(Map.of("ignore_eos", true))
                .sleepInterval(0.0).readTimeout(0.5);
    }

    /** error_type → rows, from the step's database. */
    private static Map<String, Integer> causesInDb(Path step) throws Exception {
        Map<String, Integer> causes = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.resolve("benchmark_data.db"));
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT error_type, COUNT(*) FROM result WHERE error_type IS NOT NULL GROUP BY error_type")) {
            while (rs.next()) {
                causes.put(rs.getString(1), rs.getInt(2));
            }
        }
        return causes;
    }

    @Test
    void everyFailureIsRecordedWithItsCauseAndTheRunGoesOn() throws Exception {
        int number = 200;
        // request 1 is the connection test; measured requests are the simulator's numbers 2..201
        Map<String, Integer> expected = new TreeMap<>();
        int huge = 0;
        for (int n = 2; n <= number + 1; n++) {
            for (String f : FAULTS) {
                int every = Integer.parseInt(f.substring(f.indexOf("every=") + 6));
                if (n % every == 0) {
                    if (every == 31) {
                        huge++;
                    } else {
                        expected.merge(CAUSE_OF_EVERY.get(every), 1, Integer::sum);
                    }
                    break;
                }
            }
        }
        int failures = expected.values().stream().mapToInt(Integer::intValue).sum();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (SimServer sim = sim(FAULTS, 1)) {
            BenchmarkResults results = PerfEndToEndTest.run(args(sim, 8, number).build(), console);
            StepResult step = results.runs().get(0);
            assertThat(step.summary().totalRequests()).isEqualTo(number);
            assertThat(step.summary().failedRequests()).isEqualTo(failures);
            assertThat(step.summary().successRequests()).isEqualTo(number - failures);
            assertThat(new TreeMap<>(step.summary().failureCauses())).isEqualTo(expected);
            JsonNode summary = JSON.readTree(step.folder().resolve("benchmark_summary.json").toFile());
            Map<String, Integer> inJson = new TreeMap<>();
            summary.get("Failure Causes").fields().forEachRemaining(e -> inJson.put(e.getKey(), e.getValue().asInt()));
            assertThat(inJson).isEqualTo(expected);
            assertThat(causesInDb(step.folder())).isEqualTo(expected);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.folder().resolve("benchmark_data.db"));
                    Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM result")).isEqualTo(number);
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE error_type = 'http_error'"
                        + " AND status_code IN (429, 502) AND error LIKE '%simulated fault%'"))
                        .as("the server's message is kept").isEqualTo(expected.get("http_error"));
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE error_type = 'connection_closed'"
                        + " AND token_events = 3")).as("a cut stream keeps its 3 tokens")
                        .isEqualTo(expected.get("connection_closed"));
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE error_type = 'read_timeout'"
                        + " AND token_events = 1")).isEqualTo(expected.get("read_timeout"));
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE error_type = 'wrong_content_type'"
                        + " AND error LIKE '%text/plain%'")).isEqualTo(expected.get("wrong_content_type"));
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE success = 1 AND LENGTH(response_messages)"
                        + " > 1048576")).as("1 MiB events are ordinary successes").isEqualTo(huge);
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE success = 1 AND completion_tokens = 8"))
                        .isEqualTo(number - failures);
            }
        }
        String out = console.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Failures by cause");
        expected.keySet().forEach(cause -> assertThat(out).contains(cause));
    }

    @Test
    void retriedRequestsRecordEveryAttemptAndSucceed() throws Exception {
        // ~23 % of attempts fail; 9 failures in a row (the odds of a lost request) are ~2e-6
        try (SimServer sim = sim(List.of("status=429@every=6", "status-text=503@every=10"), 0.05)) {
            BenchmarkResults results = PerfEndToEndTest.run(args(sim, 4, 100).retries(8).build(),
                    new ByteArrayOutputStream());
            StepResult step = results.runs().get(0);
            assertThat(step.summary().failedRequests()).isZero();
            assertThat(step.summary().reconnectedRequests()).as("retries are not keep-alive re-sends").isZero();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.folder().resolve("benchmark_data.db"));
                    Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE attempts > 1")).isPositive();
                assertThat(count(s, "SELECT SUM(attempts) FROM result")).as("every attempt reached the server once")
                        .isEqualTo((int) sim.stats().requestsReceived() - 1);
            }
        }
    }

    @Test
    void aServerRestartMidRunCostsOnlyTheStreamsItCut() throws Exception {
        SimServer first = sim(List.of(), 1);
        int port = first.port();
        SimConfig restarted = SimConfig.builder().port(port).ttftMs(2).itlMs(2).itlGrowth(0).maxBatch(256).build();
        CompletableFuture<SimServer> second = new CompletableFuture<>();
        try {
            Arguments a = Arguments.builder().url(first.baseUrl() + "/v1/chat/completions").model("m")
                    .outputsDir(outputs).parallel(4).number(300).maxTokens(20).extraArgs(Map.of("ignore_eos", true))
                    .sleepInterval(0.0).retries(10).build();
            CompletableFuture<BenchmarkResults> run = CompletableFuture.supplyAsync(
                    () -> PerfEndToEndTest.run(a, new ByteArrayOutputStream()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (first.stats().completed() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            first.close();
            Thread.sleep(300);
            second.complete(SimServer.start(restarted));
            StepResult step = run.get(60, TimeUnit.SECONDS).runs().get(0);
            assertThat(step.summary().totalRequests()).isEqualTo(300);
            Map<String, Integer> causes = causesInDb(step.folder());
            assertThat(causes.keySet()).as("only the streams in flight at the restart fail")
                    .isSubsetOf("connection_closed");
            assertThat(causes.getOrDefault("connection_closed", 0)).isLessThanOrEqualTo(4);
            assertThat(step.summary().successRequests()).isGreaterThanOrEqualTo(296);
            assertThat(second.get().stats().completed()).as("the run went on after the restart").isPositive();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.folder().resolve("benchmark_data.db"));
                    Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM result")).isEqualTo(300);
                assertThat(count(s, "SELECT COUNT(*) FROM result WHERE attempts > 1"))
                        .as("requests sent while it was down were retried").isPositive();
            }
        } finally {
            first.close();
            if (second.isDone()) {
                second.get().close();
            }
        }
    }

    private static int count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.getInt(1);
        }
    }

}
