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

/** Every exchange with a stand-in W&B server: method, path, auth, and the fields of each body. */
class WandbVisualizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "wandb-key-0123456789abcdef";

    @TempDir
    Path root;

    private static RecordingServer.Reply answer(RecordingServer.Exchange e) {
        if (e.path().equals("/graphql") && e.body().contains("query Viewer")) {
            return RecordingServer.Reply.ok("{\"data\":{\"viewer\":{\"id\":\"u1\",\"entity\":\"team-a\"}}}");
        }
        if (e.path().equals("/graphql") && e.body().contains("UpsertBucket")) {
            return RecordingServer.Reply.ok("{\"data\":{\"upsertBucket\":{\"bucket\":{\"id\":\"b1\",\"name\":\"run123\","
                    + "\"project\":{\"name\":\"perf_benchmark\",\"entity\":{\"name\":\"team-a\"}}},\"inserted\":true}}}");
        }
        return RecordingServer.Reply.ok("{}");
    }

    @Test
    void createsRunStreamsOneHistoryRowPerStepThenSummaryAndCompletes() throws Exception {
        try (RecordingServer server = new RecordingServer(WandbVisualizerTest::answer)) {
            WandbVisualizer wandb = new WandbVisualizer(server.url() + "/", KEY);
            List<StepResult> steps = Steps.two();
            wandb.start(Steps.run(root));
            wandb.step(0, steps.get(0));
            wandb.step(1, steps.get(1));
            wandb.finish(steps, null);

            List<RecordingServer.Exchange> ex = server.exchanges();
            assertThat(ex).hasSize(6);
            String basic = "Basic " + Base64.getEncoder().encodeToString(("api:" + KEY).getBytes(StandardCharsets.UTF_8));
            for (RecordingServer.Exchange e : ex) {
                assertThat(e.method()).isEqualTo("POST");
                assertThat(e.headers().get("authorization")).isEqualTo(basic);
                assertThat(e.body()).doesNotContain(KEY);
            }
            assertThat(ex.get(0).path()).isEqualTo("/graphql");
            JsonNode upsert = ex.get(1).json();
            assertThat(upsert.get("query").asText()).contains("upsertBucket(input:").contains("modelName: $project");
            JsonNode vars = upsert.get("variables");
            assertThat(vars.get("project").asText()).isEqualTo("perf_benchmark");
            assertThat(vars.get("entity").asText()).isEqualTo("team-a");
            assertThat(vars.get("displayName").asText()).isEqualTo("my-run");
            assertThat(vars.get("name").asText()).matches("[a-z0-9]{8}");
            JsonNode config = JSON.readTree(vars.get("config").asText());
            assertThat(config.at("/model/value").asText()).isEqualTo("m");
            assertThat(config.at("/api_key/value").asText()).isEqualTo("***");

            String stream = "/files/team-a/perf_benchmark/run123/file_stream";
            for (int i = 0; i < 2; i++) {
                RecordingServer.Exchange e = ex.get(2 + i);
                assertThat(e.path()).isEqualTo(stream);
                JsonNode file = e.json().at("/files/wandb-history.jsonl");
                assertThat(file.get("offset").asInt()).isEqualTo(i);
                JsonNode row = JSON.readTree(file.get("content").get(0).asText());
                assertThat(row.get("_step").asInt()).isEqualTo(i);
                assertThat(row.has("_runtime")).isTrue();
                assertThat(row.has("_timestamp")).isTrue();
                assertThat(row.get("concurrency").asInt()).isEqualTo(i == 0 ? 1 : 4);
                assertThat(row.get("summary/avg_ttft_ms").asDouble()).isEqualTo(i == 0 ? 100.0 : 200.0);
                assertThat(row.get("percentile/ttft_ms_p99").asDouble()).isEqualTo(i == 0 ? 100.0 : 200.0);
            }
            JsonNode summary = ex.get(4).json().at("/files/wandb-summary.json");
            assertThat(ex.get(4).path()).isEqualTo(stream);
            assertThat(summary.get("offset").asInt()).isZero();
            assertThat(JSON.readTree(summary.get("content").get(0).asText()).get("best/concurrency").asInt()).isPositive();
            assertThat(ex.get(5).path()).isEqualTo(stream);
            assertThat(ex.get(5).json().get("complete").asBoolean()).isTrue();
            assertThat(ex.get(5).json().get("exitcode").asInt()).isZero();
        }
    }

    @Test
    void aGraphqlErrorStopsTheVisualizerWithTheServersMessage() throws Exception {
        try (RecordingServer server = new RecordingServer(e -> RecordingServer.Reply.ok(
                "{\"errors\":[{\"message\":\"permission denied\"}]}"))) {
            WandbVisualizer wandb = new WandbVisualizer(server.url(), KEY);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> wandb.start(Steps.run(root)))
                    .hasMessageContaining("permission denied");
        }
    }
}
