package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BarrageException;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.tokenizer.TestTokenizers;
import dev.barrage.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * mooncake_trace end to end against the simulator: records sent at their timestamps ÷ speed,
 * prompts of the recorded lengths whose shared hash ids are shared text, replies capped at the
 * recorded output lengths.
 */
class MooncakeTraceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = """
            {"timestamp": 0, "input_length": 40, "output_length": 5, "hash_ids": [1, 2, 3]}
            {"timestamp": 100, "input_length": 20, "output_length": 3, "hash_ids": [7, 8]}
            {"timestamp": 250, "input_length": 45, "output_length": 4, "hash_ids": [1, 2, 4]}
            {"timestamp": 400, "input_length": 60, "output_length": 2, "hash_ids": [1]}
            {"timestamp": 600, "text_input": "Summarise this page.", "output_length": 6}
            """;
    private static SimServer sim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).itlGrowth(0).prefillUsPerToken(0).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private Arguments.Builder replay(Path trace, double speed) {
        return Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("m").outputsDir(dir.resolve("out"))
                .sleepInterval(0.0).dataset("mooncake_trace").datasetPath(trace.toString())
                .datasetArgs(Map.of("speed", speed, "block_size", 16));
    }

    private static String content(Map<String, Object> row) throws Exception {
        return JSON.readTree((String) row.get("request")).at("/messages/0/content").asText();
    }

    @Test
    void recordsKeepTheirTimesLengthsAndSharedPrefixes() throws Exception {
        Path trace = dir.resolve("mooncake_trace.jsonl");
        Files.writeString(trace, TRACE, StandardCharsets.UTF_8);
        BenchmarkResults r = PerfEndToEndTest.run(replay(trace, 2).build(), new ByteArrayOutputStream());
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        assertThat(rows).hasSize(5).allSatisfy(row -> assertThat(row.get("success")).isEqualTo(1));
        int[] outputs = {5, 3, 4, 2, 6};
        int[] inputs = {40, 20, 45, 60};
        double[] millis = {0, 100, 250, 400, 600};
        double first = ((Number) rows.get(0).get("intended_start_time")).doubleValue();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> row = rows.get(i);
            JsonNode body = JSON.readTree((String) row.get("request"));
            assertThat(body.get("max_tokens").asInt()).isEqualTo(outputs[i]);
            assertThat(body.get("ignore_eos").asBoolean()).isTrue();
            assertThat(body.get("model").asText()).isEqualTo("m");
            assertThat(row.get("completion_tokens")).isEqualTo(outputs[i]);
            if (i < 4) {
                assertThat(content(row)).as("no tokenizer: lengths in characters").hasSize(inputs[i]);
            }
            double intended = ((Number) row.get("intended_start_time")).doubleValue() - first;
            assertThat(intended).as("timestamp ÷ speed").isCloseTo(millis[i] / 2000, offset(0.001));
            double sent = ((Number) row.get("start_time")).doubleValue() - first;
            assertThat(sent).isCloseTo(millis[i] / 2000, offset(0.15));
        }
        String a = content(rows.get(0));
        String c = content(rows.get(2));
        String d = content(rows.get(3));
        assertThat(c.substring(0, 32)).as("hash ids 1, 2 shared").isEqualTo(a.substring(0, 32));
        assertThat(c.substring(32, 40)).as("hash id 3 vs 4").isNotEqualTo(a.substring(32, 40));
        assertThat(d.substring(0, 16)).isEqualTo(a.substring(0, 16));
        assertThat(d.substring(16, 32)).as("beyond its blocks a record's text is its own").isNotEqualTo(a.substring(16, 32));
        assertThat(content(rows.get(1)).substring(0, 16)).isNotEqualTo(a.substring(0, 16));
        assertThat(content(rows.get(4))).isEqualTo("Summarise this page.");
    }

    @Test
    void withATokenizerBlocksAreTokens() throws Exception {
        String qwen = TestTokenizers.qwen3Dir().toString();
        Tokenizer tokenizer = TestTokenizers.qwen3();
        Path trace = dir.resolve("t.jsonl");
        Files.writeString(trace, TRACE, StandardCharsets.UTF_8);
        BenchmarkResults r = PerfEndToEndTest.run(replay(trace, 4).tokenizerPath(qwen).build(),
                new ByteArrayOutputStream());
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        int[] inputs = {40, 20, 45, 60};
        for (int i = 0; i < 4; i++) {
            assertThat(tokenizer.count(content(rows.get(i)))).isEqualTo(inputs[i]);
        }
    }

    @Test
    void badRecordsAreOneClearError() throws Exception {
        Path trace = dir.resolve("bad.jsonl");
        Files.writeString(trace, "{\"timestamp\": 0, \"input_length\": 4, \"output_length\": 2}\n"
                + "{\"timestamp\": 5, \"output_length\": 2}\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PerfEndToEndTest.run(replay(trace, 1).build(), new ByteArrayOutputStream()))
                .isInstanceOf(BarrageException.class).hasMessageContaining("Malformed line 2")
                .hasMessageContaining("input_length");
        assertThatThrownBy(() -> PerfEndToEndTest.run(replay(trace, 1).rate(5.0).build(), new ByteArrayOutputStream()))
                .isInstanceOf(BarrageException.class).hasMessageContaining("'--rate'");
    }
}
