package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;
import dev.barrage.store.ResultReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Trace replay end to end: a 12-record trace with uneven gaps over 1.2 s, replayed at speed 1 and
 * 2 against a loopback server that records what arrived and when. Timing tolerances are wide
 * (300 ms per request, 25 % on the span) so a loaded 2-core machine cannot make them flake (a
 * 250 ms delay was seen with four builds running).
 */
class TraceReplayEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Gaps before each record, seconds: bursts, pauses and one near-collision. */
    private static final double[] GAPS = {0, 0.05, 0.2, 0.05, 0.3, 0.1, 0.02, 0.2, 0.1, 0.05, 0.08, 0.05};
    private static final double TOLERANCE_S = 0.300;
    private static RecordingChatServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new RecordingChatServer(5);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The trace: record i at 1000 + sum of gaps, every other one with headers, models prod-a / prod-b. */
    private Path writeTrace() throws Exception {
        StringBuilder sb = new StringBuilder();
        double t = 1000;
        for (int i = 0; i < GAPS.length; i++) {
            t += GAPS[i];
            ObjectNode r = JSON.createObjectNode().put("timestamp", Math.round(t * 1000) / 1000.0);
            ObjectNode body = r.putObject("body").put("model", i % 3 == 0 ? "prod-a" : "prod-b");
            body.putArray("messages").addObject().put("role", "user").put("content", "record " + i);
            if (i == 3) {
                body.put("max_tokens", 77);
            }
            if (i % 2 == 0) {
                r.putObject("headers").put("X-Session", "s-" + i).put("Content-Length", "1");
            }
            r.put("request_id", "req-" + i).put("completion_tokens", 5 + i);
            sb.append(r).append('\n');
        }
        return Files.writeString(dir.resolve("trace.jsonl"), sb);
    }

    private Arguments.Builder args(Path trace, double speed) {
        return Arguments.builder().url(server.url()).model("served").dataset("workload_trace")
                .datasetPath(trace.toString()).outputsDir(dir.resolve("out")).sleepInterval(0.0)
                .datasetArgs(Map.of("speed", speed, "model_mapping", Map.of("prod-a", "served-a"),
                        "model_override", "served"));
    }

    /** The requests that replayed records (the connection test's "hello" left out), by record number. */
    private static Map<Integer, RecordingChatServer.Seen> replayed() throws Exception {
        Map<Integer, RecordingChatServer.Seen> byRecord = new HashMap<>();
        for (RecordingChatServer.Seen s : server.seen()) {
            String content = JSON.readTree(s.body()).path("messages").path(0).path("content").asText();
            if (content.startsWith("record ")) {
                RecordingChatServer.Seen twice = byRecord.put(Integer.parseInt(content.substring(7)), s);
                assertThat(twice).as("record sent twice: " + content).isNull();
            }
        }
        return byRecord;
    }

    private static double recordedOffset(int i) {
        double t = 0;
        for (int k = 1; k <= i; k++) {
            t += GAPS[k];
        }
        return t;
    }

    @Test
    void replaysEveryRecordOnceAtItsTraceTimeWithItsBodyHeadersAndId() throws Exception {
        Path trace = writeTrace();
        double[] spans = new double[3];
        for (double speed : new double[] {1, 2}) {
            server.clear();
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            BenchmarkResults r = PerfEndToEndTest.run(args(trace, speed).name("speed" + (int) speed).build(), console);
            String out = console.toString(StandardCharsets.UTF_8);
            Map<Integer, RecordingChatServer.Seen> seen = replayed();
            assertThat(seen.keySet()).as("every record once").hasSize(12).allSatisfy(i -> assertThat(i).isBetween(0, 11));
            long first = seen.get(0).arrivalNanos();
            double worst = 0;
            for (int i = 0; i < 12; i++) {
                RecordingChatServer.Seen s = seen.get(i);
                JsonNode body = JSON.readTree(s.body());
                assertThat(body.get("model").asText()).as("model_mapping, then model_override")
                        .isEqualTo(i % 3 == 0 ? "served-a" : "served");
                assertThat(body.get("max_tokens").asInt()).as("completion_tokens fills max_tokens; a body's own wins")
                        .isEqualTo(i == 3 ? 77 : 5 + i);
                assertThat(body.get("stream").asBoolean()).isTrue();
                assertThat(s.headers().get("x-session")).isEqualTo(i % 2 == 0 ? "s-" + i : null);
                assertThat(s.headers().get("content-length")).as("the recorded Content-Length is not sent")
                        .isEqualTo(String.valueOf(s.body().getBytes(StandardCharsets.UTF_8).length));
                double actual = (s.arrivalNanos() - first) / 1e9;
                double intended = recordedOffset(i) / speed;
                worst = Math.max(worst, Math.abs(actual - intended));
                assertThat(actual).as("record %d at speed %s", i, speed).isCloseTo(intended, within(TOLERANCE_S));
            }
            spans[(int) speed] = (seen.get(11).arrivalNanos() - first) / 1e9;
            System.out.printf("trace replay at speed %s: max |server-seen − intended| offset %.1f ms, span %.3f s%n",
                    speed, worst * 1000, spans[(int) speed]);

            StepResult step = r.runs().get(0);
            assertThat(r.runs()).hasSize(1);
            assertThat(step.interrupted()).isFalse();
            assertThat(step.folder().getFileName().toString()).isEqualTo(speed == 1 ? "rate_9.167_number_12"
                    : "rate_18.33_number_12");
            RunSummary s = step.summary();
            assertThat(s.successRequests()).isEqualTo(12);
            assertThat(s.concurrency()).as("open loop").isEqualTo(-1);
            assertThat(s.requestRate()).as("the trace's mean rate: 11 gaps in 1.2 s / speed").isCloseTo(
                    11 / 1.2 * speed, within(0.01));
            assertThat(s.schedule().achievedRate()).isCloseTo(11 / 1.2 * speed, within(11 / 1.2 * speed * 0.25));
            assertThat(s.schedule().avgScheduleLagMs()).isBetween(0.0, TOLERANCE_S * 1000);
            assertThat(s.schedule().avgTtftFromIntendedMs()).isGreaterThanOrEqualTo(s.avgTtftMs());
            assertThat(step.percentiles().value(PercentileTable.SCHEDULE_LAG, "max")).isBetween(0.0,
                    TOLERANCE_S * 1000);

            List<Map<String, Object>> rows = ResultRows.of(r, 0);
            assertThat(rows).extracting(row -> row.get("request_id")).as("each record's own request_id")
                    .containsExactlyInAnyOrder(ids(12).toArray());
            for (Map<String, Object> row : rows) {
                String id = (String) row.get("request_id");
                assertThat((String) row.get("request")).contains("\"content\":\"record " + id.substring(4) + "\"");
                double lag = ((Number) row.get("start_time")).doubleValue()
                        - ((Number) row.get("intended_start_time")).doubleValue();
                assertThat(lag).as("send − intended send of " + id).isBetween(0.0, TOLERANCE_S);
            }
            assertThat(ResultReader.read(step.folder().resolve("benchmark_data.db"))).as("rebuildable").hasSize(12);
            assertThat(out).contains("Replaying 12 trace records spanning 1.2 s at speed " + (int) speed + " ("
                    + (speed == 1 ? "1.2 s" : "0.600 s") + "), open loop")
                    .contains("Replay fidelity: 12 of 12 records sent over ")
                    .contains("Rate: target " + (speed == 1 ? "9.167" : "18.33") + " req/s");
        }
        assertThat(spans[1]).isCloseTo(1.2, within(TOLERANCE_S));
        assertThat(spans[2] / spans[1]).as("twice as fast").isCloseTo(0.5, within(0.125));
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("req-" + i);
        }
        return ids;
    }

    @Test
    void numberReplaysTheFirstRecordsAndModelComesFromTheTraceWhenNotGiven() throws Exception {
        Path trace = writeTrace();
        server.clear();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkResults r = PerfEndToEndTest.run(Arguments.builder().url(server.url()).dataset("workload_trace")
                .datasetPath(trace.toString()).outputsDir(dir.resolve("out")).sleepInterval(0.0).number(5, 50)
                .datasetArgs(Map.of("speed", 4)).build(), console);
        assertThat(r.runs()).extracting(run -> run.summary().successRequests()).containsExactly(5, 12);
        assertThat(r.outputDir().getFileName().toString()).as("named after the first body's model").isEqualTo("prod-a");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("--number 50 is more than the trace holds")
                .contains("No --model given");
        assertThat(server.seen()).filteredOn(s -> s.body().contains("\"hello\"")).as("connection tests")
                .allSatisfy(s -> assertThat(s.body()).contains("\"model\":\"prod-a\""));
        assertThat(server.seen()).filteredOn(s -> s.body().contains("record 1\"")).allSatisfy(s ->
                assertThat(s.body()).as("bodies keep their models").contains("\"model\":\"prod-b\""));
    }

    @Test
    void sendsBeyondMaxInFlightAreDroppedAndCounted() throws Exception {
        try (RecordingChatServer slow = new RecordingChatServer(1500)) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                sb.append("{\"timestamp\": ").append(i * 0.05).append(", \"body\": {\"messages\": [{\"role\": \"user\","
                        + " \"content\": \"r").append(i).append("\"}]}}\n");
            }
            Path trace = Files.writeString(dir.resolve("burst.jsonl"), sb);
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            BenchmarkResults r = PerfEndToEndTest.run(Arguments.builder().url(slow.url()).model("m")
                    .dataset("workload_trace").datasetPath(trace.toString()).outputsDir(dir.resolve("out"))
                    .noTestConnection(true).maxInFlight(2).build(), console);
            StepResult step = r.runs().get(0);
            assertThat(step.summary().totalRequests()).isEqualTo(2);
            assertThat(step.summary().schedule().droppedRequests()).isEqualTo(4);
            assertThat(step.interrupted()).as("drops are not an interruption").isFalse();
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("Replay fidelity: 2 of 6 records sent (4 dropped at --max-in-flight)");
        }
    }
}
