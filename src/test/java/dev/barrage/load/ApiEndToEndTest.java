package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in API end to end: real sweeps over loopback against the simulator speaking that
 * API at its usual path, given only the bare base URL. Each reply is exactly 8 tokens of which the
 * first 2 are reasoning, so the stored rows can be checked exactly; TTFT is checked against the
 * simulator's configured 40 ms with a tolerance that cannot flake on a shared 2-core machine.
 */
class ApiEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TTFT_MS = 40;
    private static SimServer sim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sim = SimServer.start(SimConfig.builder().port(0).ttftMs(TTFT_MS).itlMs(2).itlGrowth(0).prefillUsPerToken(0)
                .maxBatch(64).reasoningTokens(2).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private Arguments.Builder against(String api) {
        return Arguments.builder().url(sim.baseUrl()).api(api).model("m").outputsDir(dir.resolve("out"))
                .sleepInterval(0.0).parallel(3).number(9).maxTokens(8).extraArgs(Map.of("ignore_eos", true)).name(api);
    }

    private static BenchmarkResults run(Arguments args) {
        return PerfEndToEndTest.run(args, new ByteArrayOutputStream());
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "openai_responses", "anthropic", "dashscope"})
    void streamedApiFromABareBaseUrl(String api) throws Exception {
        BenchmarkResults r = run(against(api).build());
        JsonNode args = JSON.readTree(r.runs().get(0).folder().resolve("benchmark_args.json").toFile());
        assertThat(args.get("url").asText()).as("the API's usual path is appended").isNotEqualTo(sim.baseUrl())
                .startsWith(sim.baseUrl() + "/").doesNotEndWith("/");
        assertThat(args.get("api_key").isNull()).as("no key was needed").isTrue();
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        assertThat(rows).hasSize(9).allSatisfy(row -> {
            assertThat(row.get("success")).as(String.valueOf(row.get("error"))).isEqualTo(1);
            assertThat(row.get("is_stream")).isEqualTo(1);
            assertThat(row.get("completion_tokens")).isEqualTo(8);
            assertThat(row.get("completion_tokens_source")).isEqualTo("server");
            assertThat(row.get("prompt_tokens_source")).isEqualTo("server");
            assertThat((Integer) row.get("prompt_tokens")).isPositive();
            assertThat(row.get("token_events")).isEqualTo(8);
            assertThat(row.get("content_events")).isEqualTo(6);
            double ttftMs = ((Number) row.get("first_chunk_latency")).doubleValue() * 1000;
            assertThat(ttftMs).isBetween(TTFT_MS - 1, TTFT_MS + 1500);
            assertThat(ttftMs).as("TTFT is the first token, not the first event").isLessThan(
                    ((Number) row.get("latency")).doubleValue() * 1000);
        });
        JsonNode messages = JSON.readTree((String) rows.get(0).get("response_messages"));
        assertThat(messages.get("content").asText().split(" ")).hasSize(7); // " w1 w2 ... w6"
        assertThat(messages.get("reasoning_content").asText().split(" ")).hasSize(3);
        if (!api.equals("anthropic")) {
            assertThat(rows).allSatisfy(row -> assertThat(row.get("reasoning_tokens")).isEqualTo(2));
        }
        JsonNode summary = ResultRows.summary(r, 0);
        assertThat(summary.get("Success Requests").asInt()).isEqualTo(9);
        assertThat(summary.get("Avg Output Tokens").asDouble()).isEqualTo(8.0);
        assertThat(summary.get("Output Token Source").asText()).isEqualTo("server usage");
    }

    @Test
    void sglangNativeGenerateFromABareBaseUrl() throws Exception {
        BenchmarkResults r = run(against("sglang").build());
        JsonNode args = JSON.readTree(r.runs().get(0).folder().resolve("benchmark_args.json").toFile());
        assertThat(args.get("url").asText()).isEqualTo(sim.baseUrl() + "/generate");
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        assertThat(rows).hasSize(9).allSatisfy(row -> {
            assertThat(row.get("success")).as(String.valueOf(row.get("error"))).isEqualTo(1);
            assertThat(row.get("is_stream")).isEqualTo(1);
            assertThat(row.get("completion_tokens")).isEqualTo(8);
            assertThat(row.get("completion_tokens_source")).isEqualTo("server");
            assertThat((Integer) row.get("prompt_tokens")).isPositive();
            assertThat(row.get("token_events")).as("each event's new text is one token event").isEqualTo(8);
            double ttftMs = ((Number) row.get("first_chunk_latency")).doubleValue() * 1000;
            assertThat(ttftMs).isBetween(TTFT_MS - 1, TTFT_MS + 1500);
        });
        JsonNode request = JSON.readTree((String) rows.get(0).get("request"));
        assertThat(request.has("model")).as("/generate rejects fields it does not know").isFalse();
        assertThat(request.get("text").isTextual()).isTrue();
        assertThat(request.at("/sampling_params/max_new_tokens").asInt()).isEqualTo(8);
        assertThat(request.at("/sampling_params/ignore_eos").asBoolean()).as("--extra-args go to sampling_params")
                .isTrue();
        assertThat(request.get("stream").asBoolean()).isTrue();
        // The text is cumulative on the wire; the stored reply is each word once.
        String content = JSON.readTree((String) rows.get(0).get("response_messages")).get("content").asText();
        assertThat(content.trim().split(" ")).hasSize(8);
    }

    @Test
    void trtLlmTritonGenerateStreamCountsTokensFromEventsAndSaysSo() throws Exception {
        BenchmarkResults r = run(against("trtllm").extraArgs(Map.of("end_id", 1048576)).build());
        JsonNode args = JSON.readTree(r.runs().get(0).folder().resolve("benchmark_args.json").toFile());
        assertThat(args.get("url").asText()).isEqualTo(sim.baseUrl() + "/v2/models/ensemble/generate_stream");
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        assertThat(rows).hasSize(9).allSatisfy(row -> {
            assertThat(row.get("success")).as(String.valueOf(row.get("error"))).isEqualTo(1);
            assertThat(row.get("token_events")).isEqualTo(8);
            assertThat(row.get("completion_tokens")).isEqualTo(8);
            assertThat(row.get("completion_tokens_source")).as("Triton sends no counts").isEqualTo("events");
            assertThat(row.get("tokens_estimated")).isEqualTo(1);
        });
        JsonNode request = JSON.readTree((String) rows.get(0).get("request"));
        assertThat(request.has("model")).isFalse();
        assertThat(request.get("text_input").isTextual()).isTrue();
        assertThat(request.get("max_tokens").asInt()).isEqualTo(8);
        BenchmarkResults whole = run(against("trtllm").url(sim.baseUrl() + "/v2/models/ensemble/generate").stream(false)
                .number(2).name("trt-whole").build());
        assertThat(ResultRows.of(whole, 0)).allSatisfy(row -> {
            assertThat(row.get("success")).isEqualTo(1);
            assertThat(row.get("is_stream")).isEqualTo(0);
        });
    }

    @Test
    void eachApiSendsItsOwnBodyShape() throws Exception {
        JsonNode responses = firstRequest(run(against("openai_responses").number(1).parallel(1).build()));
        assertThat(responses.get("input").isTextual()).isTrue();
        assertThat(responses.get("max_output_tokens").asInt()).isEqualTo(8);
        JsonNode anthropic = firstRequest(run(against("anthropic").number(1).parallel(1).build()));
        assertThat(anthropic.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(anthropic.get("max_tokens").asInt()).isEqualTo(8);
        JsonNode dashscope = firstRequest(run(against("dashscope").number(1).parallel(1).build()));
        assertThat(dashscope.at("/input/messages/0/role").asText()).isEqualTo("user");
        assertThat(dashscope.at("/parameters/max_tokens").asInt()).isEqualTo(8);
        assertThat(dashscope.at("/parameters/incremental_output").asBoolean()).isTrue();
    }

    private static JsonNode firstRequest(BenchmarkResults r) throws Exception {
        return JSON.readTree((String) ResultRows.of(r, 0).get(0).get("request"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai_responses", "anthropic", "dashscope"})
    void wholeRepliesWithoutStreaming(String api) throws Exception {
        BenchmarkResults r = run(against(api).stream(false).number(4).build());
        assertThat(ResultRows.of(r, 0)).hasSize(4).allSatisfy(row -> {
            assertThat(row.get("success")).as(String.valueOf(row.get("error"))).isEqualTo(1);
            assertThat(row.get("is_stream")).isEqualTo(0);
            assertThat(row.get("completion_tokens")).isEqualTo(8);
            assertThat(row.get("first_chunk_latency")).isEqualTo(row.get("latency"));
            assertThat((String) row.get("response_messages")).contains("\"reasoning_content\"");
        });
    }

    @Test
    void embeddingAndRerankLatencyCoversTheWholeBody() throws Exception {
        Arguments.Builder common = Arguments.builder().url(sim.baseUrl()).model("e").outputsDir(dir.resolve("out"))
                .sleepInterval(0.0).parallel(2).number(6).minPromptLength(20).maxPromptLength(40);
        BenchmarkResults e = run(common.api("openai_embedding").dataset("random_embedding")
                .datasetArgs(Map.of("batch_size", 4)).name("emb").build());
        assertThat(ResultRows.of(e, 0)).hasSize(6).allSatisfy(row -> {
            assertThat(row.get("success")).isEqualTo(1);
            assertThat((Integer) row.get("prompt_tokens")).isPositive();
            assertThat(((Number) row.get("latency")).doubleValue() * 1000).isGreaterThanOrEqualTo(TTFT_MS - 1);
            assertThat(((Number) row.get("latency")).doubleValue()).as("the body comes after the headers")
                    .isGreaterThanOrEqualTo(((Number) row.get("first_byte_latency")).doubleValue());
        });
        BenchmarkResults batches = run(Arguments.builder().url(sim.baseUrl()).model("e").outputsDir(dir.resolve("out"))
                .sleepInterval(0.0).minPromptLength(20).maxPromptLength(40).api("openai_embedding")
                .dataset("random_embedding_batch").number(2).name("emb-batch").build());
        assertThat(ResultRows.of(batches, 0)).allSatisfy(row -> {
            assertThat(row.get("success")).isEqualTo(1);
            assertThat(readTree((String) row.get("request")).get("input")).as("evalscope's default batch").hasSize(8);
        });
        BenchmarkResults rr = run(common.api("openai_rerank").dataset("random_rerank")
                .datasetArgs(Map.of("num_documents", 3)).name("rerank").build());
        assertThat(ResultRows.of(rr, 0)).hasSize(6).allSatisfy(row -> assertThat(row.get("success")).isEqualTo(1));
    }

    @Test
    void aSimulatorToldToSpeakOneApiAnswers404ToTheOthers() throws Exception {
        try (SimServer anthropicOnly = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(0)
                .apis(List.of("anthropic")).build())) {
            java.net.http.HttpResponse<String> chat = post(anthropicOnly.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(chat.statusCode()).isEqualTo(404);
            java.net.http.HttpResponse<String> messages = post(anthropicOnly.baseUrl() + "/v1/messages",
                    "{\"model\":\"m\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(messages.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(messages.body()).at("/usage/output_tokens").asInt()).isEqualTo(2);
        }
    }

    /** An Anthropic stream as its documentation shows one, served by a server that is not Barrage's. */
    private static final String ANTHROPIC_STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],\
            "model":"m","usage":{"input_tokens":12,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private static final String DASHSCOPE_STREAM = """
            id:1
            event:result
            :HTTP_STATUS/200
            data:{"output":{"choices":[{"message":{"content":"Hi","role":"assistant"},"finish_reason":"stop"}]},\
            "usage":{"total_tokens":13,"output_tokens":1,"input_tokens":12},"request_id":"r1"}

            """;

    @Test
    void keysTravelAsEachApiWantsThemAndNeverUnasked() throws Exception {
        List<Map<String, String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(404, -1); // the run metadata asks for /v1/models
                exchange.close();
                return;
            }
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            headers.put(":path", exchange.getRequestURI().getPath());
            seen.add(headers);
            exchange.getRequestBody().readAllBytes();
            boolean anthropic = exchange.getRequestURI().getPath().equals("/v1/messages");
            byte[] body = (anthropic ? ANTHROPIC_STREAM : DASHSCOPE_STREAM).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            Arguments.Builder common = Arguments.builder().model("m").outputsDir(dir.resolve("out")).sleepInterval(0.0)
                    .number(2).noTestConnection(true);
            BenchmarkResults noKey = run(common.url(base + "/v1").api("anthropic").name("a1").build());
            assertThat(ResultRows.of(noKey, 0)).allSatisfy(row -> {
                assertThat(row.get("success")).isEqualTo(1);
                assertThat(row.get("prompt_tokens")).isEqualTo(12);
                assertThat(row.get("completion_tokens")).isEqualTo(1);
            });
            assertThat(seen).hasSize(2).allSatisfy(h -> {
                assertThat(h).containsEntry(":path", "/v1/messages").containsEntry("anthropic-version", "2023-06-01");
                assertThat(h).doesNotContainKeys("x-api-key", "Authorization");
            });
            seen.clear();
            run(common.url(base + "/v1/messages").api("anthropic").apiKey("sk-ant-1").name("a2").build());
            assertThat(seen).allSatisfy(h -> assertThat(h).containsEntry("x-api-key", "sk-ant-1")
                    .doesNotContainKey("Authorization"));
            seen.clear();
            BenchmarkResults ds = run(common.url(base).api("dashscope").apiKey("sk-ds").name("d").build());
            assertThat(ResultRows.of(ds, 0)).allSatisfy(row -> assertThat(row.get("completion_tokens")).isEqualTo(1));
            assertThat(seen).allSatisfy(h -> assertThat(h)
                    .containsEntry(":path", "/api/v1/services/aigc/text-generation/generation")
                    .containsEntry("X-DashScope-SSE", "enable").containsEntry("Authorization", "Bearer sk-ds"));
        } finally {
            server.stop(0);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static java.net.http.HttpResponse<String> post(String url, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
