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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Planted credentials (--api-key, and header values whose names say key, token, secret, password,
 * cookie or auth) never appear in any file Barrage writes (the HTML report included), its console
 * output or a visualizer's payloads, even with --debug and even when the server echoes them back
 * in its error messages.
 */
class SecretsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "sk-planted-api-key-0001";
    private static final String HEADER_KEY = "planted-header-key-0002";
    private static final String TOKEN = "planted-token-0003";
    private static final String COOKIE = "session=planted-cookie-0004";
    private static final String PASSWORD = "planted-password-0005";
    private static final List<String> SECRETS = List.of(API_KEY, HEADER_KEY, TOKEN, COOKIE, "planted-cookie-0004",
            PASSWORD);

    @TempDir
    Path outputs;

    private PerfProcess perf(String url, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--url", url, "--model", "m",
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
}
