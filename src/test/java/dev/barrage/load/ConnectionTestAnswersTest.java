package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;
import dev.barrage.Main;
import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection test against servers that answer, but not as a healthy API does: each answer is
 * named at once (status, content type, redirect target) in one line with exit code 3 and what to
 * do, without the retry window a server still loading gets; a 429 lets the run go on, warned.
 */
class ConnectionTestAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Well below the 10 s retry window, generous for a busy machine. */
    private static final long AT_ONCE_MILLIS = 5_000;

    @TempDir
    Path outputs;

    record Result(int code, String err, long millis) {
    }

    private Result perf(AnsweringServer server, String... extra) {
        StringWriter err = new StringWriter();
        String[] args = new String[] {"perf", "--url", server.url(), "--model", "m", "--number", "2",
                "--outputs-dir", outputs.toString()};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        long start = System.nanoTime();
        int code = Main.run(all, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        return new Result(code, err.toString(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Exit code 3, one line, at once after a single probe, and no run folder. */
    private void assertFailsAtOnce(Result r, AnsweringServer server, String... contains) throws Exception {
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err().strip().lines()).as("one line: %s", r.err()).hasSize(1);
        assertThat(r.err()).startsWith("barrage: error: Connection test to " + server.url() + " failed: ")
                .contains(contains).contains("(--no-test-connection skips this test)");
        assertThat(r.millis()).as("no retry window").isLessThan(AT_ONCE_MILLIS);
        assertThat(server.posts.get()).as("one probe, not retried").isEqualTo(1);
        try (var files = Files.list(outputs)) {
            assertThat(files).as("nothing measured, nothing written").isEmpty();
        }
    }

    @Test
    void aRedirectNamesItsLocationAndSuggestsItAsTheUrl() throws Exception {
        try (AnsweringServer server = AnsweringServer.always(new AnsweringServer.Answer(307,
                Map.of("Location", "/api/v1/chat/completions"), ""))) {
            String target = server.baseUrl() + "/api/v1/chat/completions";
            assertFailsAtOnce(perf(server), server, "HTTP 307 Temporary Redirect to " + target,
                    "Barrage does not follow redirects: use --url " + target);
        }
        try (AnsweringServer server = AnsweringServer.always(new AnsweringServer.Answer(301, Map.of(), ""))) {
            assertFailsAtOnce(perf(server), server, "HTTP 301 Moved Permanently without a Location header");
        }
    }

    @Test
    void aWebPageIsNamedAsOneWhetherStreamedOrNot() throws Exception {
        String page = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body><h1>Welcome"
                + "</h1>\n</body>\n</html>\n";
        try (AnsweringServer server = AnsweringServer.always(new AnsweringServer.Answer(200,
                Map.of("Content-Type", "text/html; charset=utf-8"), page))) {
            assertFailsAtOnce(perf(server, "--stream"), server, "HTTP 200 OK with Content-Type 'text/html;"
                    + " charset=utf-8' (\"Welcome to nginx!\"): a web page, not an inference API",
                    "Is --url the API's port and path");
        }
        try (AnsweringServer server = AnsweringServer.always(new AnsweringServer.Answer(200,
                Map.of("Content-Type", "text/html"), page))) {
            assertFailsAtOnce(perf(server, "--no-stream"), server, "HTTP 200 OK with Content-Type 'text/html': a web"
                    + " page, not an inference API", "Is --url the API's port and path");
        }
        try (AnsweringServer server = AnsweringServer.always(new AnsweringServer.Answer(200,
                Map.of("Content-Type", "text/plain"), "pong\n"))) {
            assertFailsAtOnce(perf(server), server, "HTTP 200 OK with Content-Type 'text/plain': neither JSON nor an"
                    + " event stream");
        }
    }

    @Test
    void keyPathAndBodyRejectionsEachSayWhatToCheck() throws Exception {
        try (AnsweringServer server = AnsweringServer.always(AnsweringServer.Answer.json(401,
                "{\"error\":{\"message\":\"Invalid API key\"}}"))) {
            assertFailsAtOnce(perf(server), server, "HTTP 401 Unauthorized: Invalid API key.",
                    "Check --api-key or the credentials in --headers.");
        }
        try (AnsweringServer server = AnsweringServer.always(AnsweringServer.Answer.json(404,
                "{\"detail\":\"Not Found\"}"))) {
            assertFailsAtOnce(perf(server), server, "HTTP 404 Not Found: \"Not Found\".",
                    "Check the path in --url (e.g. /v1/chat/completions) and --model ('m').");
        }
        try (AnsweringServer server = AnsweringServer.always(AnsweringServer.Answer.json(400,
                "{\"error\":{\"message\":\"temperature must be\\nat most 2\"}}"))) {
            assertFailsAtOnce(perf(server), server, "HTTP 400 Bad Request: temperature must be.",
                    "The server rejected the test request: check --model ('m') and the body settings");
        }
    }

    @Test
    void aFailingServerIsRetriedThenNamedWithTheFirstLineOfItsBody() throws Exception {
        try (AnsweringServer server = AnsweringServer.always(new AnsweringServer.Answer(503,
                Map.of("Content-Type", "text/plain"), "upstream connect error\nreset reason: overflow\n"))) {
            Result r = perf(server);
            assertThat(r.code()).as(r.err()).isEqualTo(3);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("HTTP 503 Service Unavailable: upstream connect error. The server kept failing"
                    + " for 10 s").doesNotContain("reset reason");
            assertThat(r.millis()).as("the retry window").isGreaterThanOrEqualTo(9_000);
            assertThat(server.posts.get()).as("asked again").isGreaterThan(2);
        }
    }

    @Test
    void aRateLimitLetsTheRunGoOnWithOneWarning() throws Exception {
        try (AnsweringServer server = AnsweringServer.always(new AnsweringServer.Answer(429,
                Map.of("Content-Type", "application/json", "Retry-After", "7"),
                "{\"error\":{\"message\":\"Rate limit reached for requests\"}}"))) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            long start = System.nanoTime();
            BenchmarkResults results = PerfEndToEndTest.run(Arguments.builder().url(server.url()).model("m")
                    .outputsDir(outputs).parallel(1).number(3).sleepInterval(0.0).build(), console);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(AT_ONCE_MILLIS * 2);
            String out = console.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("WARNING: Connection test to " + server.url() + ": HTTP 429 Too Many Requests:"
                    + " Rate limit reached for requests (Retry-After: 7): the server is reachable but rate-limiting."
                    + " The run goes on");
            assertThat(server.posts.get()).as("one probe, then the run's 3 requests").isEqualTo(4);
            JsonNode summary = JSON.readTree(results.runs().get(0).folder().resolve("benchmark_summary.json").toFile());
            assertThat(summary.at("/Failure Causes/http_error").asInt()).isEqualTo(3);
            assertThat(results.outputDir().resolve("performance_summary.txt")).content()
                    .contains("failed because the server is failing or overloaded there (HTTP 429)");
        }
    }
}
