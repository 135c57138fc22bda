package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The official MLflow Java client against a stand-in tracking server, plus the report upload. */
class MlflowVisualizerTest {
    @TempDir
    Path root;

    private static RecordingServer.Reply answer(RecordingServer.Exchange e) {
        return switch (e.path()) {
            case "/api/2.0/mlflow/experiments/search" -> RecordingServer.Reply.ok("{\"experiments\":[]}");
            case "/api/2.0/mlflow/experiments/create" -> RecordingServer.Reply.ok("{\"experiment_id\":\"7\"}");
            case "/api/2.0/mlflow/runs/create" -> RecordingServer.Reply.ok("{\"run\":{\"info\":{\"run_id\":\"r1\","
                    + "\"experiment_id\":\"7\",\"status\":\"RUNNING\",\"artifact_uri\":\"mlflow-artifacts:/7/r1/artifacts\"}}}");
            default -> RecordingServer.Reply.ok("{}");
        };
    }

    @Test
    void createsExperimentAndRunLogsParamsMetricsPerStepAndTheReport() throws Exception {
        Path report = Files.writeString(root.resolve("perf_report.html"), "<html>report</html>");
        try (RecordingServer server = new RecordingServer(MlflowVisualizerTest::answer)) {
            MlflowVisualizer mlflow = new MlflowVisualizer(server.url());
            List<StepResult> steps = Steps.two();
            mlflow.start(Steps.run(root));
            mlflow.step(0, steps.get(0));
            mlflow.step(1, steps.get(1));
            mlflow.finish(steps, report);

            List<RecordingServer.Exchange> ex = server.exchanges();
            assertThat(ex).extracting(e -> e.method() + " " + e.path()).containsExactly(
                    "POST /api/2.0/mlflow/experiments/search", "POST /api/2.0/mlflow/experiments/create",
                    "POST /api/2.0/mlflow/runs/create", "POST /api/2.0/mlflow/runs/log-batch",
                    "POST /api/2.0/mlflow/runs/log-batch", "POST /api/2.0/mlflow/runs/log-batch",
                    "PUT /api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/perf_report.html",
                    "POST /api/2.0/mlflow/runs/update");
            assertThat(ex.get(0).json().get("filter").asText()).isEqualTo("name = 'perf_benchmark'");
            assertThat(ex.get(1).json().get("name").asText()).isEqualTo("perf_benchmark");
            JsonNode run = ex.get(2).json();
            assertThat(run.get("experiment_id").asText()).isEqualTo("7");
            assertThat(run.get("run_name").asText()).isEqualTo("my-run");
            assertThat(ex.get(3).json().get("params").findValuesAsText("key")).contains("model", "api_key");
            for (int i = 0; i < 2; i++) {
                JsonNode metrics = ex.get(4 + i).json().get("metrics");
                assertThat(metrics).hasSize(StepMetrics.of(steps.get(i)).size());
                for (JsonNode m : metrics) {
                    assertThat(m.get("step").asLong()).isEqualTo(i == 0 ? 1 : 4);
                    assertThat(m.get("key").asText()).matches("[a-z0-9_/]+");
                }
            }
            assertThat(ex.get(6).body()).isEqualTo("<html>report</html>");
            JsonNode update = ex.get(7).json();
            assertThat(update.get("run_id").asText()).isEqualTo("r1");
            assertThat(update.get("status").asText()).isEqualTo("FINISHED");
            assertThat(mlflow.warning()).isNull();
        }
    }
}
