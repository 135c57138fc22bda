package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planted credentials (--api-key, header values whose names say key, token, secret, password,
 * cookie or auth, user:password in --url, credential-like query parameters) never appear in any
 * file Barrage writes (the HTML report and the SQLite database included), its console output or a
 * visualizer's payloads, even with --debug and even when the server echoes them back in its error
 * messages, its streamed replies or its headers. The key can come from a file or the environment
 * instead of the command line, and only where it came from is recorded.
 */
class SecretsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "sk-planted-api-key-0001";
    private static final String HEADER_KEY = "planted-header-key-0002";
    private static final String TOKEN = "planted-token-0003";
    private static final String COOKIE = "session=planted-cookie-0004";
    private static final String PASSWORD = "planted-password-0005";
    private static final String URL_PASSWORD = "planted-url-password-0006";
    private static final String QUERY_KEY = "planted-query-key-0007";
    private static final List<String> SECRETS = List.of(API_KEY, HEADER_KEY, TOKEN, COOKIE, "planted-cookie-0004",
            PASSWORD, URL_PASSWORD, QUERY_KEY);

    @TempDir
    Path outputs;

    /** Where key files go: not under {@link #outputs}, whose every byte must be free of secrets. */
    @TempDir
    Path keys;

    /** {@code http://host/...} with {@code planted-user:<URL_PASSWORD>@} before the host. */
    private static String withUrlCredentials(String url) {
        return url.replaceFirst("^http://", "http://planted-user:" + URL_PASSWORD + "@");
    }

    private PerfProcess perf(String url, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--url", withUrlCredentials(url), "--model", "m",
                "--outputs-dir", outputs.toString(), "--no-timestamp", "--name", "secret", "--parallel", "2",
                "--number", "20", "--max-tokens", "4", "--debug", "--api-key", API_KEY,
                "--headers", "X-Api-Key=" + HEADER_KEY, "X-Auth-Token=" + TOKEN, "Cookie=" + COOKIE,
                "X-Db-Password=" + PASSWORD, "X-Team=visible-team-value"));
        args.addAll(List.of(more));
        return new PerfProcess(args.toArray(new String[0]));
    }

    /** Every byte of every output file, and the console, checked for every planted secret. */
    private void assertNoSecretAnywhere(String console) throws Exception {
        try (Stream<Path> files = Files.walk(outputs)) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertThat(all).isNotEmpty();
            for (Path f : all) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String secret : SECRETS) {
                    assertThat(bytes).as("%s must not hold %s", f, secret).doesNotContain(secret);
                }
            }
        }
        for (String secret : SECRETS) {
            assertThat(console).as("console").doesNotContain(secret);
        }
    }

    @Test
    void noSecretInAnyFileOrTheDebugOutput() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(1)
                .fault("status=500@every=5").build());
                PerfProcess p = perf(sim.baseUrl() + "/v1/chat/completions")) {
            assertThat(p.awaitExit(60, TimeUnit.SECONDS)).as(p.output()).isZero();
            assertNoSecretAnywhere(p.output());
            Path step = outputs.resolve("secret/parallel_2_number_20");
            JsonNode args = JSON.readTree(step.resolve("benchmark_args.json").toFile());
            assertThat(args.get("api_key").asText()).isEqualTo("***");
            assertThat(args.at("/headers/X-Api-Key").asText()).isEqualTo("***");
            assertThat(args.at("/headers/Cookie").asText()).isEqualTo("***");
            assertThat(args.at("/headers/X-Team").asText()).as("other headers are kept").isEqualTo("visible-team-value");
            assertThat(args.get("url").asText()).isEqualTo(sim.baseUrl().replace("http://", "http://***@")
                    + "/v1/chat/completions");
            assertThat(args.get("api_key_source").asText()).isEqualTo("--api-key");
            assertThat(Files.readString(outputs.resolve("secret/performance_summary.txt")))
                    .as("the URL is in the summary, masked").contains("http://***@127.0.0.1");
            assertThat(p.output()).as("a key on the command line is warned about")
                    .contains("--api-key on the command line can be read by every user of this machine");
            assertThat(Files.readString(outputs.resolve("secret/benchmark.log")))
                    .as("--debug logged the failures").contains("failed after 1 attempt(s): http_error");
        }
    }

    @Test
    void noSecretInAnyVisualizerPayload() throws Exception {
        List<String> payloads = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer mlflow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mlflow.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            payloads.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders() + " " + new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String body = switch (path) {
                case "/api/2.0/mlflow/experiments/search" -> "{\"experiments\":[]}";
                case "/api/2.0/mlflow/experiments/create" -> "{\"experiment_id\":\"7\"}";
                case "/api/2.0/mlflow/runs/create" -> "{\"run\":{\"info\":{\"run_id\":\"r1\",\"experiment_id\":\"7\","
                        + "\"status\":\"RUNNING\",\"artifact_uri\":\"mlflow-artifacts:/7/r1/artifacts\"}}}";
                default -> "{}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        mlflow.start();
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(1).build());
                PerfProcess p = perf(sim.baseUrl() + "/v1/chat/completions", "--visualizer", "mlflow",
                        "--mlflow-tracking-uri", "http://127.0.0.1:" + mlflow.getAddress().getPort())) {
            assertThat(p.awaitExit(60, TimeUnit.SECONDS)).as(p.output()).isZero();
            assertNoSecretAnywhere(p.output());
            assertThat(payloads).as("the visualizer did send its payloads")
                    .anyMatch(x -> x.contains("log-batch") && x.contains("api_key"));
            for (String payload : payloads) {
                for (String secret : SECRETS) {
                    assertThat(payload).as("visualizer payload").doesNotContain(secret);
                }
            }
        } finally {
            mlflow.stop(0);
        }
    }

    @Test
    void credentialsEchoedByTheServerAreMaskedInErrors() throws Exception {
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            String body = "{\"error\":{\"message\":\"Incorrect API key provided: "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " / "
                    + exchange.getRequestHeaders().getFirst("X-Api-Key") + " / "
                    + exchange.getRequestHeaders().getFirst("Cookie") + "\"}}";
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        echo.start();
        try (PerfProcess p = perf("http://127.0.0.1:" + echo.getAddress().getPort() + "/v1/chat/completions",
                "--no-test-connection")) {
            assertThat(p.awaitExit(60, TimeUnit.SECONDS)).as(p.output()).isZero();
            assertNoSecretAnywhere(p.output());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                    + outputs.resolve("secret/parallel_2_number_20/benchmark_data.db"));
                    ResultSet rs = c.createStatement().executeQuery("SELECT error FROM result LIMIT 1")) {
                assertThat(rs.getString(1)).as("the echo arrived, masked")
                        .isEqualTo("HTTP 401: Incorrect API key provided: Bearer *** / *** / ***");
            }
        } finally {
            echo.stop(0);
        }
    }

    /** Answers every chat request with a stream repeating the credentials it was sent, in its text and a header. */
    private static HttpServer echoingChatServer() throws Exception {
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        echo.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            String echoed = "you sent " + h.getFirst("Authorization") + " / " + h.getFirst("X-Api-Key") + " / "
                    + h.getFirst("Cookie") + " / " + h.getFirst("X-Auth-Token") + " / " + h.getFirst("X-Db-Password")
                    + " / " + exchange.getRequestURI().getRawQuery();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("X-Debug-Echo", String.valueOf(h.getFirst("Authorization")));
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + echoed + "\"}}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"" + echoed + "\"}}]}\n\n"
                        + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\n"
                        + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        echo.start();
        return echo;
    }

    @Test
    void credentialsEchoedInStreamedRepliesAreScrubbedFromEverythingStored() throws Exception {
        HttpServer echo = echoingChatServer();
        // conversations: the echoed reply goes back to the server in the next turn's history, so the
        // request column holds it too
        try (PerfProcess p = perf("http://127.0.0.1:" + echo.getAddress().getPort() + "/v1/chat/completions?api_key="
                + QUERY_KEY, "--multi-turn", "--dataset", "random_multi_turn", "--min-turns", "2", "--max-turns", "2",
                "--min-prompt-length", "10", "--max-prompt-length", "40")) {
            assertThat(p.awaitExit(90, TimeUnit.SECONDS)).as(p.output()).isZero();
            assertNoSecretAnywhere(p.output());
            Path step = outputs.resolve("secret/parallel_2_number_20");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.resolve("benchmark_data.db"));
                    ResultSet rs = c.createStatement().executeQuery("SELECT response_messages, request, turn FROM result")) {
                int rows = 0;
                int secondTurns = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString(1)).as("the echo arrived, masked, in content and reasoning").isEqualTo(
                            "{\"content\":\"" + MASKED_ECHO + "\",\"reasoning_content\":\"" + MASKED_ECHO + "\"}");
                    if (rs.getInt(3) == 2) {
                        secondTurns++;
                        assertThat(rs.getString(2)).as("the history sent back holds the echo, masked")
                                .contains(MASKED_ECHO);
                    }
                }
                assertThat(rows).isEqualTo(40);
                assertThat(secondTurns).isEqualTo(20);
            }
            JsonNode meta = JSON.readTree(outputs.resolve("secret/run_meta.json").toFile());
            assertThat(meta.at("/first_response_headers/headers").toString()).as("a header echoing the key, masked")
                    .contains("Bearer ***");
            assertThat(meta.get("url").asText()).endsWith("/v1/chat/completions?api_key=***");
        } finally {
            echo.stop(0);
        }
    }

    /** What {@link #echoingChatServer} says, once every credential in it is masked. */
    private static final String MASKED_ECHO = "you sent Bearer *** / *** / *** / *** / *** / api_key=***";

    @Test
    void theKeyComesFromAFileOrTheEnvironmentAndOnlyItsSourceIsRecorded() throws Exception {
        String fileKey = "sk-from-file-0008";
        String envKey = "sk-from-env-0009";
        Path keyFile = Files.writeString(keys.resolve("api.key"), fileKey + "\n");
        Map<String, String> noKeys = new java.util.HashMap<>();
        for (String v : List.of("BARRAGE_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "DASHSCOPE_API_KEY")) {
            noKeys.put(v, null);
        }
        try (RecordingChatServer server = new RecordingChatServer(0)) {
            JsonNode fromFile = runWithKey(server, "file", noKeys, "--api-key-file", keyFile.toString());
            assertThat(server.seen().get(0).headers().get("authorization")).isEqualTo("Bearer " + fileKey);
            assertThat(fromFile.get("api_key").asText()).isEqualTo("***");
            assertThat(fromFile.get("api_key_source").asText()).isEqualTo("--api-key-file " + keyFile);

            server.clear();
            Map<String, String> env = new java.util.HashMap<>(noKeys);
            env.put("OPENAI_API_KEY", "sk-openai-loses-0010");
            env.put("BARRAGE_API_KEY", envKey);
            JsonNode fromEnv = runWithKey(server, "env", env);
            assertThat(server.seen().get(0).headers().get("authorization")).as("BARRAGE_API_KEY before the API's own")
                    .isEqualTo("Bearer " + envKey);
            assertThat(fromEnv.get("api_key_source").asText()).isEqualTo("$BARRAGE_API_KEY");

            server.clear();
            env.remove("BARRAGE_API_KEY");
            env.put("BARRAGE_API_KEY", null);
            JsonNode fromFileOverEnv = runWithKey(server, "both", env, "--api-key-file", keyFile.toString());
            assertThat(server.seen().get(0).headers().get("authorization")).as("the file before the environment")
                    .isEqualTo("Bearer " + fileKey);
            assertThat(fromFileOverEnv.get("api_key_source").asText()).startsWith("--api-key-file ");

            server.clear();
            JsonNode fromOpenAi = runWithKey(server, "openai", env);
            assertThat(server.seen().get(0).headers().get("authorization")).isEqualTo("Bearer sk-openai-loses-0010");
            assertThat(fromOpenAi.get("api_key_source").asText()).isEqualTo("$OPENAI_API_KEY");
        }
    }

    /** One short run against {@code server}; checks the console and the files; returns benchmark_args.json. */
    private JsonNode runWithKey(RecordingChatServer server, String name, Map<String, String> env, String... more)
            throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--url", server.url(), "--model", "m", "--outputs-dir",
                outputs.toString(), "--no-timestamp", "--name", name, "--parallel", "1", "--number", "2",
                "--max-tokens", "2", "--no-client-warmup", "--no-test-connection"));
        args.addAll(List.of(more));
        try (PerfProcess p = new PerfProcess(env, args.toArray(new String[0]))) {
            assertThat(p.awaitExit(60, TimeUnit.SECONDS)).as(p.output()).isZero();
            assertThat(p.output()).as("no --api-key typed: no warning").doesNotContain("--api-key on the command line");
            String source = JSON.readTree(outputs.resolve(name + "/parallel_1_number_2/benchmark_args.json").toFile())
                    .get("api_key_source").asText();
            assertThat(p.output().contains("Sending the API key from " + source)).as("an environment key is announced")
                    .isEqualTo(source.startsWith("$"));
            for (RecordingChatServer.Seen seen : server.seen()) {
                String key = seen.headers().get("authorization").substring("Bearer ".length());
                assertThat(p.output()).doesNotContain(key);
                try (Stream<Path> files = Files.walk(outputs.resolve(name))) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                                .doesNotContain(key);
                    }
                }
            }
            return JSON.readTree(outputs.resolve(name + "/parallel_1_number_2/benchmark_args.json").toFile());
        }
    }

    @Test
    void aKeyFileThatCannotBeUsedIsExitCode2NamingTheFile() throws Exception {
        Path missing = keys.resolve("missing.key");
        Path empty = Files.writeString(keys.resolve("empty.key"), " \n");
        Path twoLines = Files.writeString(keys.resolve("two.key"), "sk-one\nsk-two\n");
        Path big = Files.write(keys.resolve("big.key"), new byte[100_000]);
        Path folder = Files.createDirectories(keys.resolve("folder.key"));
        Map<Path, String> why = Map.of(missing, "no such file", empty, "it is empty", twoLines, "it holds more than one line",
                big, "it holds 100000 bytes", folder, "it is a folder");
        for (Map.Entry<Path, String> e : why.entrySet()) {
            java.io.StringWriter err = new java.io.StringWriter();
            int code = dev.barrage.Main.run(new String[] {"perf", "--url", "http://127.0.0.1:9/v1/chat/completions",
                    "--model", "m", "--outputs-dir", outputs.toString(), "--api-key-file", e.getKey().toString()},
                    new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true));
            assertThat(code).as(err.toString()).isEqualTo(2);
            assertThat(err.toString().strip().lines()).hasSize(1);
            assertThat(err.toString()).startsWith("barrage: error: Cannot use the API key file '" + e.getKey()
                    + "' (--api-key-file): " + e.getValue()).doesNotContain("sk-one");
        }
    }
}
