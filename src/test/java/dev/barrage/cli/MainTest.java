package dev.barrage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Main;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a black box: exit codes, the one error line, and the files. */
class MainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimServer sim;

    @TempDir
    Path outputs;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void startSimulator() {
        sim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).build());
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private String url() {
        return sim.baseUrl() + "/v1/chat/completions";
    }

    /** {@code --prompt @file} is the file's text; picocli's own @-file expansion must not take it first. */
    @Test
    void aPromptFromAFileIsSentAsItsText() throws Exception {
        Path prompt = Files.writeString(outputs.resolve("prompt.txt"), "two words\nand a second line");
        Result r = run("perf", "--url", url(), "--model", "m", "--parallel", "1", "--number", "1", "--prompt",
                "@" + prompt, "--outputs-dir", outputs.resolve("out").toString(), "--no-timestamp", "--name", "p");
        assertThat(r.code()).as(r.err()).isZero();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + outputs.resolve(
                "out/p/parallel_1_number_1/benchmark_data.db")); var rs = c.createStatement().executeQuery(
                        "SELECT request FROM result")) {
            assertThat(rs.next()).isTrue();
            assertThat(JSON.readTree(rs.getString(1)).path("messages").get(0).path("content").asText())
                    .isEqualTo("two words\nand a second line");
        }
    }

    @Test
    void versionAndHelp() {
        Result version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("barrage ");
        Result help = run("perf", "--help");
        assertThat(help.code()).isZero();
        for (String flag : List.of("--parallel", "--number", "--model", "--url", "--api", "--headers", "--api-key",
                "--connect-timeout", "--read-timeout", "--total-timeout", "--max-tokens", "--min-tokens",
                "--temperature", "--top-p", "--top-k", "--stop", "--seed", "--[no-]stream", "--extra-args",
                "--query-template", "--prompt", "--dataset", "--dataset-path", "--outputs-dir", "--name",
                "--no-test-connection", "--sleep-interval", "--log-every-n-query", "--debug", "--config")) {
            assertThat(help.out()).as(flag).contains(flag);
        }
        assertThat(run("sim", "--help").out()).contains("--ttft-ms").contains("--max-batch").contains("--warmup-s");
        for (String flag : List.of("--no-client-warmup", "--no-preconnect")) {
            assertThat(help.out()).as(flag).contains(flag);
        }
    }

    @Test
    void aNegativeSimulatorWarmUpIsOneLineAndExitCode2() {
        DatasetCliTest.assertOneLineError(run("sim", "--port", "0", "--warmup-s", "-1"), "'--warmup-s'", "0 or more");
    }

    @Test
    void invalidFlagsGiveOneLineAndExitCode2() {
        for (String[] args : List.of(new String[] {"perf", "--bogus"}, new String[] {"perf", "--parallel", "x"},
                new String[] {"perf", "--parallel", "1", "2", "--number", "5"},
                new String[] {"perf", "--max-tokens", "0"}, new String[] {"perf", "--extra-args", "[1]"})) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).startsWith("barrage: error: ");
            assertThat(r.err().strip().lines()).as("one line: %s", r.err()).hasSize(1);
        }
    }

    @Test
    void refusedConnectionExitsWith3AndLeavesNoResultFolder() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = run("perf", "--url", "http://127.0.0.1:" + port + "/v1/chat/completions", "--model", "m",
                "--outputs-dir", outputs.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("http://127.0.0.1:" + port).contains("connection refused")
                .contains("Is the server running");
        try (var files = Files.list(outputs)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void http404FromTheConnectionTestNamesTheCause() {
        Result r = run("perf", "--url", sim.baseUrl() + "/v1/wrong/path", "--model", "m", "--outputs-dir",
                outputs.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("HTTP 404").contains("Check the path in --url");
    }

    @Test
    void aFullRunExitsWith0() {
        Result r = run("perf", "--url", url(), "--model", "m", "--parallel", "2", "--number", "4", "--max-tokens", "3",
                "--outputs-dir", outputs.toString(), "--sleep-interval", "0");
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void configFileSuppliesFlagsAndTheCommandLineWins() throws Exception {
        Path config = outputs.resolve("run.yaml");
        Files.writeString(config, String.join("\n",
                "parallel: [1, 2]",
                "number: [2, 4]",
                "model: from-config",
                "url: " + url(),
                "max_tokens: 50",
                "extra_args: {ignore_eos: true}",
                "headers: {X-Team: perf}",
                "stream: true",
                "sleep-interval: 0",
                "no_timestamp: true",
                "outputs_dir: " + outputs.resolve("out"),
                ""));
        Result r = run("perf", "--config", config.toString(), "--max-tokens", "3");
        assertThat(r.code()).as(r.err()).isZero();
        Path root = outputs.resolve("out").resolve("from-config");
        JsonNode args = JSON.readTree(root.resolve("parallel_2_number_4/benchmark_args.json").toFile());
        assertThat(args.get("max_tokens").asInt()).as("the command line wins").isEqualTo(3);
        assertThat(args.get("model").asText()).isEqualTo("from-config");
        assertThat(args.at("/extra_args/ignore_eos").asBoolean()).isTrue();
        assertThat(args.at("/headers/X-Team").asText()).isEqualTo("perf");
        assertThat(root.resolve("parallel_1_number_2/benchmark_summary.json")).exists();
        JsonNode summary = JSON.readTree(root.resolve("parallel_2_number_4/benchmark_summary.json").toFile());
        assertThat(summary.get("Avg Output Tokens").asDouble()).as("ignore_eos + max_tokens 3").isEqualTo(3.0);
    }

    @Test
    void jsonConfigFilesWorkToo() throws Exception {
        Path config = outputs.resolve("run.json");
        Files.writeString(config, "{\"parallel\": 1, \"number\": 2, \"model\": \"j\", \"url\": \"" + url()
                + "\", \"max_tokens\": 2, \"no_timestamp\": true, \"outputs_dir\": \"" + outputs.resolve("o2") + "\"}");
        Result r = run("perf", "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(outputs.resolve("o2/j/parallel_1_number_2/benchmark_data.db")).exists();
    }

    @Test
    void unknownConfigKeysAreRejected() throws Exception {
        Path config = outputs.resolve("bad.yaml");
        Files.writeString(config, "parallel: [1]\nmax_tokenz: 5\n");
        Result r = run("perf", "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown key 'max_tokenz'");
        assertThat(run("perf", "--config", outputs.resolve("missing.yaml").toString()).err()).contains("no such file");
    }

    @Test
    void missingDatasetFileIsAClearError() {
        Result r = run("perf", "--url", url(), "--model", "m", "--dataset", "openqa", "--dataset-path",
                outputs.resolve("nope.jsonl").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.jsonl").contains("no such file");
    }
}
