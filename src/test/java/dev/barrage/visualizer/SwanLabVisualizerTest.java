package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every exchange with a stand-in SwanLab API server. */
class SwanLabVisualizerTest {
    private static final String KEY = "swan-key-42";

    @TempDir
    Path root;

    private static RecordingServer.Reply answer(RecordingServer.Exchange e) {
        return switch (e.method() + " " + e.path()) {
            case "POST /api/login/api_key" -> RecordingServer.Reply.ok(
                    "{\"sid\":\"sid-9\",\"expiredAt\":\"2030-01-01T00:00:00.000Z\",\"userInfo\":{\"username\":\"alice\"}}");
            case "POST /api/project" -> new RecordingServer.Reply(409, "{\"username\":\"alice\"}");
            case "GET /api/project/alice/perf_benchmark" -> RecordingServer.Reply.ok(
                    "{\"cuid\":\"proj-cuid\",\"name\":\"perf_benchmark\"}");
            case "POST /api/project/alice/perf_benchmark/experiment" -> new RecordingServer.Reply(201,
                    "{\"cuid\":\"exp-cuid\",\"flagId\":\"flag-7\",\"name\":\"my-run\"}");
            default -> RecordingServer.Reply.ok("{}");
        };
    }

    @Test
    void logsInCreatesTheExperimentAndUploadsScalarsPerStep() throws Exception {
        try (RecordingServer server = new RecordingServer(SwanLabVisualizerTest::answer)) {
            SwanLabVisualizer swan = new SwanLabVisualizer(server.url(), KEY, null);
            List<StepResult> steps = Steps.two();
            swan.start(Steps.run(root));
            swan.step(0, steps.get(0));
            swan.step(1, steps.get(1));
            swan.finish(steps, null);

            List<RecordingServer.Exchange> ex = server.exchanges();
            assertThat(ex).extracting(e -> e.method() + " " + e.path()).containsExactly(
                    "POST /api/login/api_key", "POST /api/project", "GET /api/project/alice/perf_benchmark",
                    "POST /api/project/alice/perf_benchmark/experiment",
                    "PUT /api/project/alice/perf_benchmark/runs/exp-cuid/profile",
                    "POST /api/experiment/exp-cuid/columns", "POST /api/house/metrics", "POST /api/house/metrics",
                    "PUT /api/project/alice/perf_benchmark/runs/exp-cuid/state");
            assertThat(ex.get(0).headers().get("authorization")).isEqualTo(KEY);
            for (RecordingServer.Exchange e : ex.subList(1, ex.size())) {
                assertThat(e.headers().get("cookie")).isEqualTo("sid=sid-9");
                assertThat(e.headers()).doesNotContainKey("authorization");
                assertThat(e.body()).doesNotContain(KEY);
            }
            assertThat(ex.get(4).headers().get("flagid")).isEqualTo("flag-7");
            assertThat(ex.get(3).json().get("name").asText()).isEqualTo("my-run");
            assertThat(ex.get(4).json().at("/config/model").asText()).isEqualTo("m");
            JsonNode columns = ex.get(5).json();
            assertThat(columns).hasSize(StepMetrics.of(steps.get(0)).size());
            assertThat(columns.get(0).get("type").asText()).isEqualTo("FLOAT");
            for (int i = 0; i < 2; i++) {
                JsonNode body = ex.get(6 + i).json();
                assertThat(body.get("projectId").asText()).isEqualTo("proj-cuid");
                assertThat(body.get("experimentId").asText()).isEqualTo("exp-cuid");
                assertThat(body.get("type").asText()).isEqualTo("scalar");
                assertThat(body.get("flagId").asText()).isEqualTo("flag-7");
                JsonNode ttft = null;
                for (JsonNode m : body.get("metrics")) {
                    assertThat(m.get("index").asInt()).isEqualTo(i);
                    if (m.get("key").asText().equals("summary/avg_ttft_ms")) {
                        ttft = m;
                    }
                }
                assertThat(ttft).isNotNull();
                assertThat(ttft.get("data").asDouble()).isEqualTo(i == 0 ? 100.0 : 200.0);
            }
            assertThat(ex.get(8).json().get("state").asText()).isEqualTo("FINISHED");
        }
    }

    @Test
    void hostGetsTheApiSuffixOnce() {
        assertThat(new SwanLabVisualizer("https://swan.example.com/", "k", null))
                .extracting("api").isEqualTo("https://swan.example.com/api");
        assertThat(new SwanLabVisualizer("https://swan.example.com/api", "k", null))
                .extracting("api").isEqualTo("https://swan.example.com/api");
        assertThat(new SwanLabVisualizer(null, "k", null)).extracting("api").isEqualTo(SwanLabVisualizer.DEFAULT_API);
    }
}
