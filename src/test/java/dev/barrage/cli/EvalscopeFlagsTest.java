package dev.barrage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.stream.Stream;

import static dev.barrage.cli.DatasetCliTest.NOWHERE;
import static dev.barrage.cli.DatasetCliTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/** evalscope's remaining request and tuning flags: sent where they belong, or accepted and ignored with a note. */
class EvalscopeFlagsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void samplingFlagsGoIntoTheBodyAndTuningFlagsAreNotedNotRefused() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(0).build())) {
            java.io.PrintStream stdout = System.out;
            java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
            MainTest.Result r;
            try {
                r = MainTest.run("perf", "--url", sim.baseUrl() + "/v1/chat/completions", "--model", "m",
                    "--number", "2", "--max-tokens", "4", "--outputs-dir", dir.toString(), "--no-timestamp", "--name", "f",
                    "--frequency-penalty", "0.5", "--repetition-penalty", "1.1", "--logprobs", "--n-choices", "1",
                    "--stop-token-ids", "151645", "151643", "--num-workers", "4", "--queue-size-multiplier", "5",
                    "--enable-progress-tracker", "--db-commit-interval", "1", "--sleep-interval", "0");
            } finally {
                System.setOut(stdout);
            }
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("--num-workers tune evalscope's queues").contains("progress.json is not written");
            Path db;
            try (Stream<Path> files = Files.walk(dir)) {
                db = files.filter(p -> p.getFileName().toString().equals("benchmark_data.db")).findFirst().orElseThrow();
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 ResultSet rs = c.createStatement().executeQuery("SELECT request FROM result")) {
                assertThat(rs.next()).isTrue();
                JsonNode body = JSON.readTree(rs.getString(1));
                assertThat(body.get("frequency_penalty").asDouble()).isEqualTo(0.5);
                assertThat(body.get("repetition_penalty").asDouble()).isEqualTo(1.1);
                assertThat(body.get("logprobs").asBoolean()).isTrue();
                assertThat(body.get("n").asInt()).isEqualTo(1);
                assertThat(body.get("stop_token_ids")).extracting(JsonNode::asInt).containsExactly(151645, 151643);
            }
            JsonNode args;
            try (Stream<Path> files = Files.walk(dir)) {
                args = JSON.readTree(files.filter(p -> p.getFileName().toString().equals("benchmark_args.json"))
                        .findFirst().orElseThrow().toFile());
            }
            assertThat(args.get("db_commit_interval").asInt()).isEqualTo(1);
            assertThat(args.get("data_source").asText()).isEqualTo("huggingface");
        }
    }

    @Test
    void dataSourceLocalNeverDownloads() {
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "openqa",
                "--data-source", "local"), "--data-source local forbids downloads", "--dataset-path");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "openqa",
                "--data-source", "modelscope"), "--data-source modelscope", "--dataset-path");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--data-source", "s3"),
                "'--data-source'");
    }
}
