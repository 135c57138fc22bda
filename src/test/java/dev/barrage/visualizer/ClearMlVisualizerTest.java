package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every exchange with a stand-in ClearML API server. */
class ClearMlVisualizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private static RecordingServer.Reply answer(RecordingServer.Exchange e) {
        String data = switch (e.path()) {
            case "/auth.login" -> "{\"token\":\"tok-1\"}";
            case "/projects.get_all" -> "{\"projects\":[]}";
            case "/projects.create" -> "{\"id\":\"proj-1\"}";
            case "/tasks.create" -> "{\"id\":\"task-1\"}";
            default -> "{}";
        };
        return RecordingServer.Reply.ok("{\"meta\":{\"result_code\":200},\"data\":" + data + "}");
    }

    @Test
    void logsInCreatesATaskAndSendsScalarEventsAsJsonLines() throws Exception {
        try (RecordingServer server = new RecordingServer(ClearMlVisualizerTest::answer)) {
            ClearMlVisualizer clearml = new ClearMlVisualizer(server.url(), "ACCESS1", "SECRET1");
            List<StepResult> steps = Steps.two();
            clearml.start(Steps.run(root));
            clearml.step(0, steps.get(0));
            clearml.step(1, steps.get(1));
            clearml.finish(steps, null);

            List<RecordingServer.Exchange> ex = server.exchanges();
            assertThat(ex).extracting(RecordingServer.Exchange::path).containsExactly("/auth.login",
                    "/projects.get_all", "/projects.create", "/tasks.create", "/tasks.started",
                    "/tasks.edit_hyper_params", "/events.add_batch", "/events.add_batch", "/tasks.completed");
            assertThat(ex).allMatch(e -> e.method().equals("POST"));
            assertThat(ex.get(0).headers().get("authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("ACCESS1:SECRET1".getBytes(StandardCharsets.UTF_8)));
            for (RecordingServer.Exchange e : ex.subList(1, ex.size())) {
                assertThat(e.headers().get("authorization")).isEqualTo("Bearer tok-1");
                assertThat(e.body()).doesNotContain("SECRET1");
            }
            assertThat(ex.get(1).json().get("name").asText()).isEqualTo("^perf_benchmark$");
            assertThat(ex.get(2).json().get("name").asText()).isEqualTo("perf_benchmark");
            JsonNode task = ex.get(3).json();
            assertThat(task.get("name").asText()).isEqualTo("my-run");
            assertThat(task.get("project").asText()).isEqualTo("proj-1");
            assertThat(task.get("type").asText()).isEqualTo("testing");
            assertThat(ex.get(4).json().get("task").asText()).isEqualTo("task-1");
            JsonNode hyper = ex.get(5).json().get("hyperparams");
            assertThat(hyper.findValuesAsText("name")).contains("model", "api_key");
            assertThat(hyper.findValuesAsText("section")).containsOnly("Args");

            RecordingServer.Exchange batch = ex.get(6);
            assertThat(batch.headers().get("content-type")).isEqualTo("application/json-lines");
            List<String> lines = batch.body().lines().toList();
            assertThat(lines).hasSize(StepMetrics.of(steps.get(0)).size());
            JsonNode ttft = null;
            for (String line : lines) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.get("type").asText()).isEqualTo("training_stats_scalar");
                assertThat(event.get("task").asText()).isEqualTo("task-1");
                assertThat(event.get("iter").asInt()).isEqualTo(1);
                assertThat(event.get("metric").asText()).isIn("summary", "percentile");
                if (event.get("variant").asText().equals("avg_ttft_ms")) {
                    ttft = event;
                }
            }
            assertThat(ttft).isNotNull();
            assertThat(ttft.get("value").asDouble()).isEqualTo(100.0);
            assertThat(JSON.readTree(ex.get(7).body().lines().findFirst().orElseThrow()).get("iter").asInt())
                    .isEqualTo(4);
            assertThat(ex.get(8).json().get("task").asText()).isEqualTo("task-1");
        }
    }

    @Test
    void aFailedResultCodeStopsTheVisualizer() throws Exception {
        try (RecordingServer server = new RecordingServer(e -> RecordingServer.Reply.ok(
                "{\"meta\":{\"result_code\":401,\"result_msg\":\"Unauthorized (invalid credentials)\"},\"data\":{}}"))) {
            ClearMlVisualizer clearml = new ClearMlVisualizer(server.url(), "A", "B");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> clearml.start(Steps.run(root)))
                    .hasMessageContaining("invalid credentials");
        }
    }
}
