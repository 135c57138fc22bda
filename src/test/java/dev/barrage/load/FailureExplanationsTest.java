package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.report.Console;
import dev.barrage.report.ReportFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole runs against a server that refuses long prompts, as llama.cpp does past its context size:
 * the console, {@code performance_summary.txt}, the summary JSON and a rebuilt report all show the
 * server's message, not only "http_error | 5", and the suggestions tell a rejected request (fix
 * the request) from an overloaded server (lower the load).
 */
class FailureExplanationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Prompts longer than this many characters "exceed the context". */
    private static final int CONTEXT_CHARS = 200;
    private static final int LONG_PROMPTS = 5;
    private static final int PROMPTS = 12;
    /** The first long prompt's length, so its "token count" is 1900 + 250 = 2150. */
    private static final int FIRST_LONG_CHARS = 250;
    private static final String CONTEXT_MESSAGE = "request (2150 tokens) exceeds the available context size (2048"
            + " tokens), try increasing it";

    @TempDir
    Path outputs;

    /** 7 short prompts and 5 long ones, interleaved; the long ones 250, 255, ... characters. */
    private Path dataset() throws IOException {
        List<String> lines = new ArrayList<>();
        int longOnes = 0;
        for (int i = 0; i < PROMPTS; i++) {
            boolean isLong = i % 2 == 1 && longOnes < LONG_PROMPTS;
            lines.add(isLong ? "long " + "x".repeat(FIRST_LONG_CHARS + 5 * longOnes++ - 5) : "short prompt " + i);
        }
        return Files.write(outputs.resolve("prompts.txt"), lines);
    }

    private static String content(String requestBody) {
        try {
            return JSON.readTree(requestBody).at("/messages/0/content").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** llama.cpp's answer to a prompt past its context: 400 and its JSON error; a stream otherwise. */
    private static AnsweringServer.Answer llamaCpp(String requestBody) {
        int chars = content(requestBody).length();
        if (chars <= CONTEXT_CHARS) {
            return AnsweringServer.Answer.stream();
        }
        int tokens = 1900 + chars;
        return AnsweringServer.Answer.json(400, "{\"error\":{\"code\":400,\"message\":\"request (" + tokens
                + " tokens) exceeds the available context size (2048 tokens), try increasing it\",\"type\":"
                + "\"exceed_context_size_error\",\"n_prompt_tokens\":" + tokens + ",\"n_ctx\":2048}}");
    }

    /** A server out of capacity for long prompts: 503 with a message that names a number. */
    private static AnsweringServer.Answer busy(String requestBody) {
        return content(requestBody).length() <= CONTEXT_CHARS ? AnsweringServer.Answer.stream()
                : AnsweringServer.Answer.json(503, "{\"error\":{\"message\":\"server busy: " + content(requestBody).length()
                        + " slots in use\"}}");
    }

    private record Run(BenchmarkResults results, String console) {
        Path step() {
            return results.runs().get(0).folder();
        }

        String summaryText() throws IOException {
            return Files.readString(results.outputDir().resolve("performance_summary.txt"));
        }
    }

    private Run run(Function<String, AnsweringServer.Answer> script, Integer maxPromptLength) throws IOException {
        try (AnsweringServer server = new AnsweringServer(script)) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            BenchmarkResults results = PerfEndToEndTest.run(Arguments.builder().url(server.url()).model("m")
                    .outputsDir(outputs.resolve("out")).parallel(1).number(PROMPTS).maxTokens(4).sleepInterval(0.0)
                    .dataset("line_by_line").datasetPath(dataset().toString()).maxPromptLength(maxPromptLength)
                    .build(), console);
            return new Run(results, console.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void contextOverflowsShowTheServersMessageEverywhereAndAskToFixTheRequests() throws Exception {
        Run run = run(FailureExplanationsTest::llamaCpp, null);
        String line = "  http_error, HTTP 400, 5 requests: " + CONTEXT_MESSAGE;
        assertThat(run.console()).contains("Failures by cause:", "Most common messages per cause", line + "\n")
                .doesNotContain("does not reproduce");
        JsonNode summary = JSON.readTree(run.step().resolve("benchmark_summary.json").toFile());
        assertThat(summary.at("/Failure Causes/http_error").asInt()).isEqualTo(LONG_PROMPTS);
        JsonNode messages = summary.get("Failure Messages");
        assertThat(messages).as("the 5 messages differ in their token counts only: one group").hasSize(1);
        assertThat(messages.get(0).get("Failure Cause").asText()).isEqualTo("http_error");
        assertThat(messages.get(0).get("Status Code").asInt()).isEqualTo(400);
        assertThat(messages.get(0).get("Requests").asInt()).isEqualTo(LONG_PROMPTS);
        assertThat(messages.get(0).get("Example").asText()).isEqualTo(CONTEXT_MESSAGE);
        String text = run.summaryText();
        assertThat(text).contains("Failures (the most common messages per cause):\n  parallel_1_number_12: 5 of 12"
                + " requests failed\n  " + line + "\n");
        String advice = "the server rejected 5 request(s) as invalid (HTTP 400: \"" + CONTEXT_MESSAGE + "\"): fix"
                + " the requests, not the load — e.g. leave out long prompts with --max-prompt-length";
        assertThat(text).contains(advice).doesNotContain("overloaded");
        assertThat(run.console()).contains(advice);

        // barrage report: the same, from the database alone (the client verdict, in no row, stays)
        Path root = run.results().outputDir();
        Path summaryFile = run.step().resolve("benchmark_summary.json");
        JSON.writeValue(summaryFile.toFile(), ((ObjectNode) summary).without("Failure Messages"));
        Files.delete(root.resolve("performance_summary.txt"));
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        ReportFiles.rebuild(root, new Console(new PrintStream(rebuilt, true, StandardCharsets.UTF_8), false));
        assertThat(JSON.readTree(summaryFile.toFile()).get("Failure Messages"))
                .isEqualTo(messages);
        assertThat(root.resolve("performance_summary.txt")).content().isEqualTo(text);
        assertThat(rebuilt.toString(StandardCharsets.UTF_8)).contains(line + "\n", advice);
    }

    @Test
    void followingTheAdviceLeavesTheLongPromptsOut() throws Exception {
        Run run = run(FailureExplanationsTest::llamaCpp, CONTEXT_CHARS);
        assertThat(run.results().runs().get(0).summary().failedRequests()).isZero();
        assertThat(run.console()).doesNotContain("Failures by cause");
        assertThat(run.summaryText()).doesNotContain("Failures (").doesNotContain("Warning: only");
    }

    @Test
    void anOverloadedServerIsAdvisedLessLoadNotShorterPrompts() throws Exception {
        Run run = run(FailureExplanationsTest::busy, null);
        assertThat(run.console()).contains("  http_error, HTTP 503, 5 requests: server busy: 250 slots in use\n");
        assertThat(run.summaryText()).contains("5 failed because the server is failing or overloaded there (HTTP 503):"
                + " lower --parallel or --rate").doesNotContain("--max-prompt-length").doesNotContain("rejected");
    }
}
