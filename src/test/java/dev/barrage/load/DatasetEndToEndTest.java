package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.tokenizer.TestTokenizers;
import dev.barrage.tokenizer.TokenizerPromptCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dataset end to end: real sweeps over loopback against the simulator (counting prompts
 * with the real Qwen3 tokenizer and its chat template where exact lengths are checked), and
 * against a small embedding/rerank server for those datasets. Checks the rows in
 * benchmark_data.db and the token accounting in benchmark_summary.json.
 */
class DatasetEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimServer plainSim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        plainSim = SimServer.start(fastSim());
    }

    @AfterAll
    static void stop() {
        plainSim.close();
    }

    private static SimConfig fastSim() {
        return SimConfig.builder().port(0).ttftMs(2).itlMs(1).itlGrowth(0).prefillUsPerToken(0).maxBatch(256).build();
    }

    private Arguments.Builder against(SimServer sim, String path) {
        return Arguments.builder().url(sim.baseUrl() + path).model("m").outputsDir(dir.resolve("out"))
                .sleepInterval(0.0).maxTokens(4).seed(11L);
    }

    private static BenchmarkResults run(Arguments args) {
        return PerfEndToEndTest.run(args, new ByteArrayOutputStream());
    }

    private static List<Map<String, Object>> rows(BenchmarkResults r) throws Exception {
        return rows(r, 0);
    }

    private static List<Map<String, Object>> rows(BenchmarkResults r, int run) throws Exception {
        return ResultRows.of(r, run);
    }

    private static JsonNode summary(BenchmarkResults r) throws Exception {
        return JSON.readTree(r.runs().get(0).folder().resolve("benchmark_summary.json").toFile());
    }

    @Test
    void randomPromptsHaveExactlyTheIntendedTokensOnTheServer() throws Exception {
        String qwen = TestTokenizers.qwen3Dir().toString();
        try (SimServer sim = SimServer.start(fastSim(), new TokenizerPromptCounter(TestTokenizers.qwen3()))) {
            BenchmarkResults r = run(against(sim, "/v1/chat/completions").parallel(4).number(24).dataset("random")
                    .minPromptLength(1024).maxPromptLength(1024).tokenizerPath(qwen).build());
            List<Map<String, Object>> rows = rows(r);
            assertThat(rows).hasSize(24).allSatisfy(row -> {
                assertThat(row.get("success")).isEqualTo(1);
                assertThat(row.get("prompt_tokens")).isEqualTo(1024);
                assertThat(row.get("server_prompt_tokens")).isEqualTo(1024);
                assertThat(row.get("client_prompt_tokens")).isEqualTo(1024);
                assertThat(row.get("prompt_tokens_source")).isEqualTo("server");
            });
            JsonNode s = summary(r);
            assertThat(s.get("Avg Input Tokens").asDouble()).isEqualTo(1024.0);
            assertThat(s.get("Input Token Source").asText()).isEqualTo("server usage");
            assertThat(s.get("Input Token Mismatch Requests").asInt()).isZero();
            assertThat(s.get("Client Token Compared Requests").asInt()).isEqualTo(24);
        }
    }

    @Test
    void clientAndServerCountsAreComparedAndTheMismatchReported() throws Exception {
        // The plain simulator approximates prompt tokens; the client counts with Qwen3: they differ.
        BenchmarkResults r = run(against(plainSim, "/v1/chat/completions").parallel(2).number(10)
                .tokenizerPath(TestTokenizers.qwen3Dir().toString()).build());
        List<Map<String, Object>> rows = rows(r);
        int mismatched = 0;
        long absDiff = 0;
        for (Map<String, Object> row : rows) {
            int server = (Integer) row.get("server_prompt_tokens");
            int client = (Integer) row.get("client_prompt_tokens");
            assertThat(row.get("prompt_tokens")).as("the server's count is the one reported").isEqualTo(server);
            mismatched += server != client ? 1 : 0;
            absDiff += Math.abs(server - client);
            assertThat((Integer) row.get("content_events")).isEqualTo(row.get("token_events"));
            assertThat(row.get("client_completion_tokens")).isNotNull();
        }
        JsonNode s = summary(r);
        assertThat(mismatched).isPositive();
        assertThat(s.get("Input Token Mismatch Requests").asInt()).isEqualTo(mismatched);
        assertThat(s.get("Avg Abs Input Token Diff").asDouble()).isCloseTo(absDiff / 10.0,
                org.assertj.core.data.Offset.offset(1e-4));
        assertThat(s.get("Token Count Mismatch Requests").asInt()).isGreaterThanOrEqualTo(mismatched);
    }

    @Test
    void fileDatasetsRunEndToEnd() throws Exception {
        Map<String, String> files = Map.of(
                "openqa", "{\"question\": \"What is entropy?\"}\n{\"question\": \"Why is the sky blue?\"}\n",
                "longalpaca", "[{\"instruction\": \"Summarise: a long text.\"}]",
                "line_by_line", "plain text\n[{\"role\": \"user\", \"content\": \"as messages\"}]\n",
                "custom", "{\"prompt\": \"custom one\"}\n",
                "share_gpt", "[{\"conversations\": [{\"from\": \"human\", \"value\": \"hi\"}, {\"from\": \"gpt\","
                        + " \"value\": \"hello\"}, {\"from\": \"human\", \"value\": \"more\"}]}]");
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path f = Files.writeString(dir.resolve(e.getKey() + ".data"), e.getValue());
            BenchmarkResults r = run(against(plainSim, "/v1/chat/completions").number(4).dataset(e.getKey())
                    .datasetPath(f.toString()).name(e.getKey()).build());
            List<Map<String, Object>> rows = rows(r);
            assertThat(rows).as(e.getKey()).hasSize(4).allSatisfy(row -> assertThat(row.get("success")).isEqualTo(1));
            JsonNode first = JSON.readTree((String) rows.get(0).get("request"));
            String firstText = first.get("messages").get(first.get("messages").size() - 1).get("content").asText();
            assertThat(firstText).as(e.getKey()).isIn("What is entropy?", "Summarise: a long text.", "plain text",
                    "custom one", "more");
        }
    }

    @Test
    void generatedDatasetsRunEndToEnd() throws Exception {
        BenchmarkResults chars = run(against(plainSim, "/v1/chat/completions").number(6).dataset("random")
                .minPromptLength(40).maxPromptLength(40).name("chars").build());
        assertThat(rows(chars)).allSatisfy(row -> assertThat(JSON.readTree((String) row.get("request"))
                .get("messages").get(0).get("content").asText()).hasSize(40));

        BenchmarkResults vl = run(against(plainSim, "/v1/chat/completions").number(3).dataset("random_vl")
                .minPromptLength(20).maxPromptLength(30).imageWidth(8).imageHeight(8).name("vl").build());
        assertThat(rows(vl)).allSatisfy(row -> {
            assertThat(row.get("success")).isEqualTo(1);
            assertThat((String) row.get("request")).contains("data:image/png;base64,");
        });

        String qwen = TestTokenizers.qwen3Dir().toString();
        try (SimServer sim = SimServer.start(fastSim(), new TokenizerPromptCounter(TestTokenizers.qwen3()))) {
            BenchmarkResults ids = run(against(sim, "/v1/completions").number(5).dataset("random").minPromptLength(50)
                    .maxPromptLength(50).tokenizerPath(qwen).tokenizePrompt(true).name("ids").build());
            assertThat(rows(ids)).allSatisfy(row -> {
                assertThat(JSON.readTree((String) row.get("request")).get("prompt").get(0).isInt()).isTrue();
                assertThat(row.get("server_prompt_tokens")).isEqualTo(50);
            });
            BenchmarkResults speed = run(against(sim, "/v1/completions").number(8).dataset("speed_benchmark")
                    .tokenizerPath(qwen).name("speed").build());
            assertThat(rows(speed)).extracting(row -> row.get("server_prompt_tokens"))
                    .containsExactly(1, 1, 6144, 6144, 14336, 14336, 30720, 30720);
            JsonNode table = JSON.readTree(speed.runs().get(0).folder().resolve("speed_benchmark.json").toFile());
            assertThat(table).hasSize(4);
            assertThat(table).extracting(row -> row.get("Prompt Tokens").asInt()).containsExactly(1, 6144, 14336, 30720);
            for (JsonNode row : table) {
                assertThat(row.get("Requests").asInt()).isEqualTo(2);
                assertThat(row.get("Speed(tokens/s)").asDouble()).isPositive();
                assertThat(row.get("GPU Memory(GB)").isNull()).isTrue();
                assertThat(row.get("Decode Speed(tokens/s)").asDouble()).as("the prefill left out")
                        .isGreaterThan(row.get("Speed(tokens/s)").asDouble());
            }
        }
    }

    @Test
    void eachRunOfASweepGetsFreshRandomPromptsWhileFilesStartOver() throws Exception {
        BenchmarkResults random = run(against(plainSim, "/v1/chat/completions").parallel(1, 2).number(3, 4)
                .dataset("random").minPromptLength(30).maxPromptLength(60).name("fresh").build());
        List<String> sent = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            for (Map<String, Object> row : rows(random, run)) {
                sent.add(JSON.readTree((String) row.get("request")).get("messages").toString());
            }
        }
        assertThat(sent).hasSize(7).doesNotHaveDuplicates();

        Path f = Files.writeString(dir.resolve("q.jsonl"), "{\"question\": \"first\"}\n{\"question\": \"second\"}\n");
        BenchmarkResults file = run(against(plainSim, "/v1/chat/completions").parallel(1, 1).number(1, 1)
                .dataset("openqa").datasetPath(f.toString()).name("files").build());
        for (int run = 0; run < 2; run++) {
            assertThat((String) rows(file, run).get(0).get("request")).contains("first");
        }
    }

    @Test
    void maxTokensRangeIsDrawnPerRequest() throws Exception {
        BenchmarkResults r = run(against(plainSim, "/v1/chat/completions").number(30).maxTokensRange(2, 9).build());
        List<Integer> drawn = new ArrayList<>();
        for (Map<String, Object> row : rows(r)) {
            drawn.add(JSON.readTree((String) row.get("request")).get("max_tokens").asInt());
        }
        assertThat(drawn).allSatisfy(n -> assertThat(n).isBetween(2, 9));
        assertThat(drawn.stream().distinct().count()).isGreaterThan(3);
    }

    @Test
    void embeddingAndRerankDatasetsSendOnlyTheirBodies() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            byte[] reply = "{\"object\": \"list\", \"data\": [], \"usage\": {\"prompt_tokens\": 7, \"total_tokens\": 7}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            Arguments.Builder common = Arguments.builder().model("emb").outputsDir(dir.resolve("out")).sleepInterval(0.0)
                    .number(4).minPromptLength(5).maxPromptLength(9);
            BenchmarkResults e = run(common.url(base + "/v1/embeddings").api("openai_embedding")
                    .dataset("random_embedding").datasetArgs(Map.of("batch_size", 3)).name("emb").build());
            assertThat(rows(e)).hasSize(4).allSatisfy(row -> {
                assertThat(row.get("success")).isEqualTo(1);
                assertThat(row.get("prompt_tokens")).isEqualTo(7);
            });
            BenchmarkResults rr = run(common.url(base + "/v1/rerank").api("openai_rerank").dataset("random_rerank")
                    .datasetArgs(Map.of("num_documents", 2)).name("rerank").build());
            assertThat(rows(rr)).hasSize(4);
            assertThat(bodies).isNotEmpty().allSatisfy(b -> assertThat(b).doesNotContain("batch_size")
                    .doesNotContain("num_documents").doesNotContain("max_tokens").doesNotContain("stream"));
            assertThat(bodies).anySatisfy(b -> assertThat(JSON.readTree(b).get("input")).hasSize(3));
            assertThat(bodies).anySatisfy(b -> assertThat(JSON.readTree(b).get("documents")).hasSize(2));
        } finally {
            server.stop(0);
        }
    }
}
