package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code workload_trace}: evalscope's record shape, the timeline, remapping, limits and every kind of bad line. */
class WorkloadTraceDatasetTest {
    private static final String BODY = "{\"model\": \"prod\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    @TempDir
    Path dir;

    private Arguments.Builder args(Path file) {
        return Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m").dataset("workload_trace")
                .datasetPath(file.toString());
    }

    private Path write(String... lines) throws Exception {
        return Files.writeString(dir.resolve("trace.jsonl"), String.join("\n", lines) + "\n");
    }

    private static String record(Object timestamp, String extra) {
        return "{\"timestamp\": " + timestamp + ", \"body\": " + BODY + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static Dataset load(Arguments.Builder b) {
        return Datasets.load(b.build());
    }

    @Test
    void readsEvalscopesRecordShapeIntoBodiesAndATimeline() throws Exception {
        Path f = write(record(10.0, "\"headers\": {\"X-Session\": \"s1\"}, \"request_id\": \"r-1\""),
                "", record(10.25, "\"request_id\": 7"), record("\"12.5\"", "\"completion_tokens\": 42"));
        Dataset d = load(args(f));
        Trace t = d.trace();
        assertThat(d.name()).isEqualTo("workload_trace");
        assertThat(t.size()).isEqualTo(3);
        assertThat(IntStream.range(0, 3).mapToLong(t::offsetNanos).toArray()).containsExactly(0, 250_000_000, 2_500_000_000L);
        assertThat(t.headers(0)).containsExactly("X-Session", "s1");
        assertThat(t.headers(1)).isNull();
        assertThat(t.requestId(0)).isEqualTo("r-1");
        assertThat(t.requestId(1)).as("a whole-number id is kept as text").isEqualTo("7");
        assertThat(t.requestId(2)).isNull();
        assertThat(d.get(0).body().get("model").asText()).as("--model does not rewrite bodies").isEqualTo("prod");
        assertThat(d.get(0).body().has("max_tokens")).isFalse();
        assertThat(d.get(2).body().get("max_tokens").asInt()).as("completion_tokens fills max_tokens").isEqualTo(42);
        assertThat(d.get(2).body().has("ignore_eos")).isFalse();
        assertThat(t.notes()).singleElement().asString().contains("--model m does not rewrite", "prod",
                "model_override");
    }

    @Test
    void speedDividesEveryOffsetAndRecordedTimeIsKept() throws Exception {
        Path f = write(record(100, ""), record(101, ""), record(104, ""));
        Trace t = load(args(f).datasetArgs(Map.of("speed", 2))).trace();
        assertThat(t.speed()).isEqualTo(2.0);
        assertThat(IntStream.range(0, 3).mapToLong(t::offsetNanos).toArray()).containsExactly(0, 500_000_000, 2_000_000_000);
        assertThat(t.recordedSeconds(0, 2)).isEqualTo(4.0);
        Trace slow = load(args(f).datasetArgs(Map.of("speed", 0.5))).trace();
        assertThat(slow.offsetNanos(2)).isEqualTo(8_000_000_000L);
    }

    @Test
    void timestampsMayBeIsoDateTimesOrAnotherUnit() throws Exception {
        Path iso = write(record("\"2025-01-15T18:00:00+08:00\"", ""), record("\"2025-01-15T10:00:03.5Z\"", ""),
                record("\"2025-01-15 10:00:04\"", ""));
        Trace t = load(args(iso)).trace();
        assertThat(t.offsetNanos(1)).isEqualTo(3_500_000_000L);
        assertThat(t.offsetNanos(2)).as("no offset means UTC").isEqualTo(4_000_000_000L);
        Path ms = write(record(1736935200000L, ""), record(1736935200250L, ""));
        assertThat(load(args(ms).datasetArgs(Map.of("timestamp_unit", "ms"))).trace().offsetNanos(1))
                .isEqualTo(250_000_000);
        assertThat(load(args(ms)).trace().offsetNanos(1)).as("seconds by default, as evalscope")
                .isEqualTo(250_000_000_000L);
    }

    @Test
    void recordsOutOfOrderAreReplayedInTimeOrderAndTiesKeepFileOrder() throws Exception {
        Path f = write(record(5, "\"request_id\": \"a\""), record(3, "\"request_id\": \"b\""),
                record(5, "\"request_id\": \"c\""), record(3, "\"request_id\": \"d\""));
        Trace t = load(args(f)).trace();
        assertThat(IntStream.range(0, 4).mapToObj(t::requestId)).containsExactly("b", "d", "a", "c");
        assertThat(t.offsetNanos(2)).isEqualTo(2_000_000_000L);
        assertThat(t.notes()).anySatisfy(n -> assertThat(n).contains("not in order", "record 2 is earlier than record 1"));
    }

    @Test
    void modelMappingWinsThenModelOverrideThenTheRecordedModel() throws Exception {
        Path f = write("{\"timestamp\": 0, \"body\": {\"model\": \"a\"}}", "{\"timestamp\": 1, \"body\": {\"model\": \"b\"}}",
                "{\"timestamp\": 2, \"body\": {\"prompt\": \"no model\"}}");
        Dataset mapped = load(args(f).datasetArgs(Map.of("model_mapping", Map.of("a", "A"), "model_override", "O")));
        assertThat(models(mapped)).containsExactly("A", "O", "O");
        assertThat(mapped.trace().notes()).isEmpty();
        Dataset onlyMapping = load(args(f).datasetArgs(Map.of("model_mapping", Map.of("a", "A"))));
        assertThat(models(onlyMapping)).containsExactly("A", "b", null);
        assertThat(onlyMapping.trace().models()).containsExactly("A", "b");
    }

    private static List<String> models(Dataset d) {
        return d.prompts().stream().map(p -> p.body().has("model") ? p.body().get("model").asText() : null).toList();
    }

    @Test
    void matchOutputLengthSetsMaxTokensAndIgnoreEosExceptUnderConstrainedDecoding() throws Exception {
        Path f = write("{\"timestamp\": 0, \"body\": {\"max_tokens\": 999, \"max_completion_tokens\": 999},"
                        + " \"completion_tokens\": 50}",
                "{\"timestamp\": 1, \"body\": {\"response_format\": {\"type\": \"json_schema\"}}, \"completion_tokens\": 30}",
                "{\"timestamp\": 2, \"body\": {\"tools\": [{}], \"tool_choice\": \"auto\"}, \"completion_tokens\": 20}",
                "{\"timestamp\": 3, \"body\": {\"tools\": [{}], \"tool_choice\": \"required\"}, \"completion_tokens\": 20}",
                "{\"timestamp\": 4, \"body\": {\"max_tokens\": 7}}");
        Dataset d = load(args(f).datasetArgs(Map.of("match_output_length", true)));
        JsonNode first = d.get(0).body();
        assertThat(first.get("max_tokens").asInt()).isEqualTo(50);
        assertThat(first.get("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(first.get("ignore_eos").asBoolean()).isTrue();
        assertThat(d.get(1).body().get("max_tokens").asInt()).isEqualTo(30);
        assertThat(d.get(1).body().has("ignore_eos")).as("a JSON schema ends by its grammar").isFalse();
        assertThat(d.get(2).body().get("ignore_eos").asBoolean()).isTrue();
        assertThat(d.get(3).body().has("ignore_eos")).isFalse();
        assertThat(d.get(4).body().get("max_tokens").asInt()).isEqualTo(7);
        assertThat(d.trace().notes()).anySatisfy(n -> assertThat(n).contains("2 record(s) with constrained decoding"))
                .anySatisfy(n -> assertThat(n).contains("1 record(s) have no completion_tokens"));
        Dataset plain = load(args(f));
        assertThat(plain.get(0).body().get("max_tokens").asInt()).as("the body's own limit wins").isEqualTo(999);
        assertThat(plain.get(1).body().get("max_tokens").asInt()).isEqualTo(30);
        assertThat(plain.get(1).body().has("ignore_eos")).isFalse();
    }

    @Test
    void bodyMayBeAJsonStringAndTransportHeadersAreLeftOut() throws Exception {
        Path f = write("{\"timestamp\": 0, \"body\": \"{\\\"model\\\": \\\"q\\\"}\", \"headers\": {\"Content-Length\": \"3\","
                + " \"Accept-Encoding\": \"gzip\", \"X-Tenant\": \"t1\"}}", "{\"timestamp\": 1, \"body\": {},"
                + " \"headers\": {\"Host\": \"prod\"}}");
        Dataset d = load(args(f).model(null));
        assertThat(d.get(0).body().get("model").asText()).isEqualTo("q");
        assertThat(d.trace().headers(0)).containsExactly("X-Tenant", "t1");
        assertThat(d.trace().headers(1)).as("nothing left to send").isNull();
        assertThat(d.trace().notes()).singleElement().asString()
                .contains("accept-encoding, content-length, host on 2 record(s)");
    }

    @Test
    void numberLimitsTheRecordsKeptAndWarmupRecordsComeFirst() throws Exception {
        Path f = write(IntStream.range(0, 10).mapToObj(i -> record(i, "")).toArray(String[]::new));
        assertThat(load(args(f)).size()).as("every record without --number").isEqualTo(10);
        assertThat(load(args(f).number(4)).size()).isEqualTo(4);
        assertThat(load(args(f).number(4).warmupNum(2.0)).size()).isEqualTo(6);
        assertThat(load(args(f).number(3, 50).parallel(1, 1)).size()).as("the largest run decides").isEqualTo(10);
        Arguments twenty = args(f).number(20).warmupNum(2.0).build();
        assertThat(Trace.measured(twenty, 20, 10)).as("a trace is not cycled").isEqualTo(8);
        assertThatThrownBy(() -> load(args(f).warmupNum(10.0))).isInstanceOf(BarrageException.class)
                .hasMessageContaining("'--warmup-num'").hasMessageContaining("none of the trace's 10 records");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not JSON              | {\"timestamp\": 1, |                                   Unexpected end-of-input",
        "an array              | [1, 2]|                                                an array (a trace has one record object per line)",
        "trailing text         | `{\"timestamp\": 1, \"body\": {}} x`|                 Unrecognized token 'x'",
        "no timestamp          | {\"body\": {}}|                                        missing \"timestamp\"",
        "bad date              | {\"timestamp\": \"yesterday\", \"body\": {}}|         cannot read \"timestamp\" 'yesterday'",
        "timestamp object      | {\"timestamp\": {}, \"body\": {}}|                    \"timestamp\" should be a number",
        "no body               | {\"timestamp\": 1}|                                    missing \"body\"",
        "body a number         | {\"timestamp\": 1, \"body\": 5}|                      \"body\" should be a JSON object",
        "body string not JSON  | {\"timestamp\": 1, \"body\": \"hello\"}|             \"body\" is a string but not JSON",
        "unknown field         | {\"timestamp\": 1, \"body\": {}, \"header\": {}}|    unknown field \"header\"",
        "header value number   | {\"timestamp\": 1, \"body\": {}, \"headers\": {\"X\": 1}}| the value of 'X' should be a string",
        "header name invalid   | {\"timestamp\": 1, \"body\": {}, \"headers\": {\"a b\": \"1\"}}| invalid header name 'a b'",
        "header line break     | {\"timestamp\": 1, \"body\": {}, \"headers\": {\"X\": \"a\\r\\nY: b\"}}| contains a line break",
        "headers a list        | {\"timestamp\": 1, \"body\": {}, \"headers\": []}|  \"headers\" should be an object",
        "request id object     | {\"timestamp\": 1, \"body\": {}, \"request_id\": {}}| \"request_id\" should be a string",
        "zero tokens           | {\"timestamp\": 1, \"body\": {}, \"completion_tokens\": 0}| \"completion_tokens\" should be a whole number > 0",
        "fractional tokens     | {\"timestamp\": 1, \"body\": {}, \"completion_tokens\": 2.5}| \"completion_tokens\" should be a whole number > 0",
    })
    void aBadLineStopsLoadingNamingFileLineAndProblem(String what, String line, String message) throws Exception {
        Path f = write(record(0, ""), "", line.strip());
        assertThatThrownBy(() -> load(args(f))).as(what).isInstanceOfSatisfying(BarrageException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageStartingWith("Malformed line 3 of '" + f + "' (--dataset-path): ")
                .hasMessageContaining(message.strip());
    }

    @Test
    void badFilesAndSettingsAreOneClearError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        assertThatThrownBy(() -> load(args(empty))).hasMessageContaining("'" + empty + "' (--dataset-path) has no records");
        assertThatThrownBy(() -> load(args(dir.resolve("missing.jsonl")))).hasMessageContaining("no such file");
        assertThatThrownBy(() -> Datasets.load(args(empty).datasetPath(null).build()))
                .hasMessageContaining("Missing option '--dataset-path'");
        Path f = write(record(0, ""));
        assertThatThrownBy(() -> load(args(f).datasetArgs(Map.of("speed", 0)))).hasMessageContaining("'speed'")
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> load(args(f).datasetArgs(Map.of("sped", 2)))).hasMessageContaining("Invalid key 'sped'")
                .hasMessageContaining("speed, model_override, model_mapping, match_output_length, timestamp_unit");
        assertThatThrownBy(() -> load(args(f).datasetArgs(Map.of("timestamp_unit", "h"))))
                .hasMessageContaining("should be s, ms, us or ns");
        assertThatThrownBy(() -> load(args(f).datasetArgs(Map.of("model_mapping", Map.of("a", 1)))))
                .hasMessageContaining("'model_mapping'").hasMessageContaining("'a' should be a name");
        assertThatThrownBy(() -> load(args(f).datasetArgs(Map.of("match_output_length", "yes"))))
                .hasMessageContaining("should be true or false");
    }

    @Test
    void aHundredThousandLineTraceLoadsQuickly() throws Exception {
        Path f = dir.resolve("big.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("{\"timestamp\": ").append(1_700_000_000 + i * 0.01).append(", \"request_id\": \"r").append(i)
                    .append("\", \"completion_tokens\": 128, \"body\": {\"model\": \"prod\", \"messages\": [{\"role\":"
                            + " \"user\", \"content\": \"Summarise the following paragraph about load testing, number ")
                    .append(i).append(".\"}], \"temperature\": 0.7}}\n");
        }
        Files.writeString(f, sb);
        long t0 = System.nanoTime();
        Dataset d = load(args(f));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(d.size()).isEqualTo(100_000);
        assertThat(d.trace().offsetNanos(99_999) / 1e9).isCloseTo(999.99, within(1e-3));
        assertThat(seconds).as("load time of 100k records (s)").isLessThan(60);
        System.out.printf("workload_trace: 100,000 records (%.1f MB) loaded in %.2f s%n", Files.size(f) / 1e6, seconds);
    }
}
