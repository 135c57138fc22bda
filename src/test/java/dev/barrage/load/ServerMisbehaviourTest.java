package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static dev.barrage.load.MisbehavingServer.LAST_CHUNK;
import static dev.barrage.load.MisbehavingServer.chunk;
import static dev.barrage.load.MisbehavingServer.echoStream;
import static dev.barrage.load.MisbehavingServer.streamHead;
import static dev.barrage.load.MisbehavingServer.tokenEvent;
import static dev.barrage.load.MisbehavingServer.writeStream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole runs against servers that answer wrongly on purpose (issue 13; docs/faults.md): every
 * request ends with a row of its own, whatever the server does to the connection or the stream.
 */
class ServerMisbehaviourTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outputs;

    /** Distinct prompts, so that every row can be checked against its own request. */
    private Arguments.Builder args(MisbehavingServer server, int parallel, int number) throws IOException {
        Path prompts = outputs.resolve("prompts.txt");
        if (!Files.exists(prompts)) {
            Files.write(prompts, IntStream.range(0, 5000).mapToObj(i -> "prompt-" + i + " says hello").toList());
        }
        return Arguments.builder().url(server.url()).model("m").outputsDir(outputs.resolve("out")).parallel(parallel)
                .number(number).maxTokens(4).sleepInterval(0.0).dataset("line_by_line").datasetPath(prompts.toString());
    }

    private static StepResult run(Arguments args, ByteArrayOutputStream console) {
        BenchmarkResults results = PerfEndToEndTest.run(args, console);
        return results.runs().get(0);
    }

    private static JsonNode summaryJson(StepResult step) throws IOException {
        return JSON.readTree(step.folder().resolve("benchmark_summary.json").toFile());
    }

    /** Every row: its prompt (from the request column), content, success and warnings. */
    private static List<Map<String, Object>> rows(StepResult step) throws Exception {
        return ResultRows.of(step.folder());
    }

    private static String promptOf(Map<String, Object> row) throws IOException {
        JsonNode messages = JSON.readTree((String) row.get("request")).path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    private static String contentOf(Map<String, Object> row) throws IOException {
        JsonNode messages = JSON.readTree((String) row.get("response_messages"));
        StringBuilder sb = new StringBuilder();
        messages.forEach(m -> sb.append(m.isTextual() ? m.asText() : m.path("content").asText()));
        return sb.toString();
    }

    private static void assertEveryRequestAnsweredWithItsOwnReply(StepResult step, int number) throws Exception {
        assertThat(step.summary().totalRequests()).isEqualTo(number);
        assertThat(step.summary().successRequests()).as("failures: %s", step.summary().failureCauses())
                .isEqualTo(number);
        List<Map<String, Object>> rows = rows(step);
        assertThat(rows).hasSize(number);
        for (Map<String, Object> row : rows) {
            assertThat(contentOf(row)).isEqualTo("echo:" + promptOf(row));
        }
    }

    /**
     * llama.cpp's way: a streamed reply advertising keep-alive, then the connection closes. The
     * client must find the closed connection (in the pool, or between picking it and sending on
     * it) and send on a fresh one; before the fix one request in a few hundred vanished with a
     * NullPointerException and the run hung for ever.
     */
    @Test
    @Timeout(180)
    void aServerThatClosesAfterEveryReplyGetsEveryRequestAnsweredAndRecorded() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            writeStream(out, "", echoStream(request, 4));
            return false; // close, without having said Connection: close
        })) {
            for (int parallel : new int[] {1, 4}) {
                int number = 1500;
                StepResult step = run(args(server, parallel, number).outputsDir(outputs.resolve("c" + parallel)).build(),
                        new ByteArrayOutputStream());
                assertEveryRequestAnsweredWithItsOwnReply(step, number);
            }
        }
    }

    /** A server that closes idle keep-alive connections at random moments, while requests keep coming. */
    @Test
    @Timeout(180)
    void aServerThatClosesIdleConnectionsAtRandomMomentsLosesNoRequest() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            writeStream(out, "", echoStream(request, 3));
            out.flush();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (random.nextInt(3) == 0) {
                try {
                    Thread.sleep(random.nextInt(3)); // close a moment later: sometimes as the next request arrives
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
            return true;
        })) {
            int number = 4000;
            StepResult step = run(args(server, 8, number).build(), new ByteArrayOutputStream());
            assertEveryRequestAnsweredWithItsOwnReply(step, number);
            assertThat(server.connections()).as("the server's closes forced new connections").isGreaterThan(number / 10);
        }
    }

    /**
     * Unsolicited interim responses before each answer (100 Continue, and 103 Early Hints with
     * headers): skipped, so that no answer is taken for another request's.
     */
    @Test
    @Timeout(120)
    void interimResponsesAreSkippedAndNeverShiftAnswersBetweenRequests() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            String interim = request.number() % 2 == 0 ? "HTTP/1.1 100 Continue\r\n\r\n"
                    : "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                            + "HTTP/1.1 100 Continue\r\n\r\n";
            out.write(interim.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            writeStream(out, "", echoStream(request, 4));
            return true;
        })) {
            int number = 300;
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            StepResult step = run(args(server, 4, number).build(), console);
            assertThat(step.summary().successRequests()).isEqualTo(number);
            for (Map<String, Object> row : rows(step)) {
                assertThat(contentOf(row)).as("each row holds its own answer").isEqualTo("echo:" + promptOf(row));
                assertThat(row.get("warnings")).isEqualTo("interim_response");
            }
            assertThat(summaryJson(step).path("Response Warnings").path("interim_response").asInt()).isEqualTo(number);
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("interim (1xx) responses");
        }
    }

    /** A reply compressed though Barrage asked for identity: decoded, measured, and flagged. */
    @Test
    @Timeout(120)
    void aGzipStreamIsDecodedAndMeasuredAndAnUnknownEncodingFailsClearly() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            if (request.prompt().startsWith("prompt-1 ")) {
                writeStream(out, "Content-Encoding: br\r\n", echoStream(request, 4)); // not decodable here
                return true;
            }
            out.write(streamHead("Content-Encoding: gzip\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(compressed, true)) {
                for (String event : echoStream(request, 4).split("(?<=\n\n)")) {
                    gzip.write(event.getBytes(StandardCharsets.UTF_8));
                    gzip.flush(); // one event per chunk, as a streaming server compresses
                    out.write(chunk(compressed.toByteArray()));
                    out.flush();
                    compressed.reset();
                }
            }
            out.write(chunk(compressed.toByteArray()));
            out.write(LAST_CHUNK);
            return true;
        })) {
            int number = 20;
            StepResult step = run(args(server, 2, number).build(), new ByteArrayOutputStream());
            assertThat(step.summary().failureCauses()).isEqualTo(Map.of("bad_response", 1));
            for (Map<String, Object> row : rows(step)) {
                if (promptOf(row).startsWith("prompt-1 ")) {
                    assertThat(row.get("error")).asString().contains("Content-Encoding 'br'");
                    continue;
                }
                assertThat(row.get("success")).isEqualTo(1);
                assertThat(contentOf(row)).isEqualTo("echo:" + promptOf(row));
                assertThat((Integer) row.get("token_events")).isGreaterThanOrEqualTo(4);
                assertThat(row.get("warnings")).isEqualTo("compressed");
            }
            assertThat(summaryJson(step).path("Response Warnings").path("compressed").asInt()).isEqualTo(number - 1);
        }
    }

    /**
     * After {@code data: [DONE]} the stream is over: broken and valid events after it are counted
     * in a warning and never change the result. A success with no output at all is flagged.
     */
    @Test
    @Timeout(120)
    void dataAfterDoneIsIgnoredAndAnEmptySuccessIsFlagged() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            if (request.prompt().startsWith("prompt-3 ")) {
                writeStream(out, "", "data: [DONE]\n\n"); // 200, no output at all
                return true;
            }
            writeStream(out, "", echoStream(request, 4) + "data: {not json\n\n" + tokenEvent("extra") + "data: [DONE]\n\n");
            return true;
        })) {
            int number = 12;
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            StepResult step = run(args(server, 1, number).build(), console);
            assertThat(step.summary().successRequests()).as("%s", step.summary().failureCauses()).isEqualTo(number);
            for (Map<String, Object> row : rows(step)) {
                if (promptOf(row).startsWith("prompt-3 ")) {
                    assertThat(row.get("warnings")).isEqualTo("empty_reply");
                    continue;
                }
                assertThat(contentOf(row)).as("nothing after [DONE] is taken").isEqualTo("echo:" + promptOf(row));
                assertThat(row.get("warnings")).isEqualTo("data_after_end");
            }
            JsonNode warnings = summaryJson(step).path("Response Warnings");
            assertThat(warnings.path("data_after_end").asInt()).isEqualTo(number - 1);
            assertThat(warnings.path("empty_reply").asInt()).isEqualTo(1);
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("1 of 12 requests: the reply was a success"
                    + " with no output");
            assertThat(Files.readString(step.folder().getParent().resolve("performance_summary.txt")))
                    .contains("Response warnings").contains("[data_after_end]").contains("[empty_reply]");
        }
    }

    /** Usage counts no request can have: the request keeps its result, its counts fall back to Barrage's. */
    @Test
    @Timeout(120)
    void absurdUsageIsFlaggedAndTheTokensAreCountedInstead() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            String usage = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,"
                    + "\"completion_tokens\":1000000000000000000}}\n\n";
            writeStream(out, "", tokenEvent("a") + tokenEvent("b") + tokenEvent("c") + usage + "data: [DONE]\n\n");
            return true;
        })) {
            StepResult step = run(args(server, 1, 5).build(), new ByteArrayOutputStream());
            assertThat(step.summary().successRequests()).as("%s", step.summary().failureCauses()).isEqualTo(5);
            for (Map<String, Object> row : rows(step)) {
                assertThat(row.get("completion_tokens")).as("counted events").isEqualTo(3);
                assertThat(row.get("prompt_tokens")).as("the valid count is kept").isEqualTo(7);
                assertThat(row.get("warnings")).isEqualTo("usage_invalid");
            }
        }
    }

    /** Function calling: deltas with only tool_calls are the reply's output tokens, timed and counted. */
    @Test
    @Timeout(120)
    void toolCallDeltasAreTimedAndCountedAsOutputTokens() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,"
                    + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}\n\n";
            StringBuilder events = new StringBuilder(first);
            for (String piece : new String[] {"{\\\"city\\\":", " \\\"Paris\\\"", "}"}) {
                events.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{")
                        .append("\"arguments\":\"").append(piece).append("\"}}]}}]}\n\n");
            }
            events.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n");
            MisbehavingServer.writeStream(out, "", events + "data: [DONE]\n\n", 3); // 3 ms apart: ITL > 0
            return true;
        })) {
            StepResult step = run(args(server, 1, 4).build(), new ByteArrayOutputStream());
            assertThat(step.summary().successRequests()).isEqualTo(4);
            assertThat(step.summary().avgTtftMs()).as("TTFT is the first tool-call delta").isPositive();
            assertThat(step.summary().avgItlMs()).isPositive();
            for (Map<String, Object> row : rows(step)) {
                assertThat(row.get("token_events")).as("the name-only delta + 3 argument deltas").isEqualTo(4);
                assertThat(row.get("completion_tokens")).isEqualTo(4);
                assertThat(contentOf(row)).isEqualTo("[tool_call get_weather] {\"city\": \"Paris\"}");
                assertThat(row.get("warnings")).isNull();
            }
        }
    }

    /** 429 with a wait of 10^12 s, with retries on: capped, so the run ends, every request recorded. */
    @Test
    @Timeout(120)
    void aHugeRetryAfterIsCappedAndTheRunEnds() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer((request, out) -> {
            if (request.number() == 1) { // the connection test
                writeStream(out, "", echoStream(request, 2));
                return true;
            }
            byte[] body = "{\"error\":{\"message\":\"slow down\"}}".getBytes(StandardCharsets.UTF_8);
            String header = request.number() % 2 == 0 ? "Retry-After: 1000000000000\r\n"
                    : "retry-after-ms: 1e300\r\n";
            out.write(("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n" + header
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            return true;
        })) {
            long start = System.nanoTime();
            StepResult step = run(args(server, 2, 6).retries(3).totalTimeout(20.0).build(), new ByteArrayOutputStream());
            assertThat((System.nanoTime() - start) / 1e9).as("no wait past the 20 s total timeout").isLessThan(60);
            assertThat(step.summary().failureCauses()).isEqualTo(Map.of("http_error", 6));
            assertThat(rows(step)).hasSize(6).allSatisfy(row -> {
                assertThat(row.get("status_code")).isEqualTo(429);
                assertThat(row.get("attempts")).as("the capped 60 s wait exceeds the total timeout").isEqualTo(1);
            });
        }
    }

    @SuppressWarnings("unused")
    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
