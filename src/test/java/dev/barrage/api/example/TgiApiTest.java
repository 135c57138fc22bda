package dev.barrage.api.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.barrage.Barrage;
import dev.barrage.BenchmarkResults;
import dev.barrage.api.ApiPlugins;
import dev.barrage.config.Arguments;
import dev.barrage.load.StopSignal;
import dev.barrage.report.Console;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs' API plug-in example: found through ServiceLoader (its services file is on the test
 * class path), run end to end against a loopback server speaking TGI's {@code /generate_stream}
 * with 30 ms between tokens, and printed verbatim in docs/extending.md.
 */
class TgiApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GAP_MS = 30;

    @TempDir
    Path dir;

    /** Three text tokens 30 ms apart, then the special end-of-sequence token with the details. */
    private static void stream(OutputStream out) throws Exception {
        for (int i = 0; i < 3; i++) {
            Thread.sleep(GAP_MS);
            out.write(("data:{\"index\":" + (i + 1) + ",\"token\":{\"id\":" + (100 + i) + ",\"text\":\" w" + i
                    + "\",\"logprob\":-0.1,\"special\":false},\"generated_text\":null,\"details\":null}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.write(("data:{\"index\":4,\"token\":{\"id\":2,\"text\":\"</s>\",\"logprob\":-0.2,\"special\":true},"
                + "\"generated_text\":\" w0 w1 w2\",\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":4,"
                + "\"input_length\":5,\"seed\":null}}\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTgiPluginOnTheClassPathBenchmarksAGenerateStreamServer() throws Exception {
        assertThat(ApiPlugins.all()).containsKey("tgi").containsKey("openai");
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/generate_stream", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                stream(out);
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        });
        server.start();
        try {
            Arguments args = Arguments.builder().api("tgi").url("http://127.0.0.1:" + server.getAddress().getPort())
                    .model("tgi-model").number(3).maxTokens(16).outputsDir(dir).sleepInterval(0.0).build();
            BenchmarkResults r = Barrage.runPerfBenchmark(args, new Console(new PrintStream(new ByteArrayOutputStream(),
                    true, StandardCharsets.UTF_8), false), new StopSignal());
            assertThat(r.runs().get(0).summary().successRequests()).isEqualTo(3);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + r.runs().get(0).folder()
                    .resolve("benchmark_data.db"));
                 ResultSet rs = c.createStatement().executeQuery("SELECT * FROM result")) {
                while (rs.next()) {
                    assertThat(rs.getInt("token_events")).isEqualTo(3);
                    assertThat(rs.getInt("completion_tokens")).isEqualTo(4);
                    assertThat(rs.getInt("prompt_tokens")).isEqualTo(5);
                    assertThat(rs.getString("response_messages")).contains(" w0 w1 w2").doesNotContain("</s>");
                    assertThat(rs.getDouble("first_chunk_latency") * 1000).isGreaterThanOrEqualTo(GAP_MS - 5);
                    // the server writes the last token 60 ms after the first: it cannot arrive much sooner
                    double spanMs = 0;
                    for (JsonNode gap : JSON.readTree(rs.getString("inter_token_latencies"))) {
                        spanMs += gap.asDouble() * 1000;
                    }
                    assertThat(spanMs).isGreaterThanOrEqualTo(GAP_MS);
                }
            }
            JsonNode body = JSON.readTree(bodies.get(bodies.size() - 1));
            assertThat(body.get("inputs").asText()).isNotBlank();
            assertThat(body.at("/parameters/max_new_tokens").asInt()).isEqualTo(16);
            assertThat(body.at("/parameters/details").asBoolean()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void docsShowThisExactClass() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/barrage/api/example/TgiApi.java"));
        String docs = Files.readString(Path.of("docs/extending.md"));
        assertThat(docs).contains(source.strip());
    }
}
