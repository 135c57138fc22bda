package dev.barrage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flags and config values that used to slip through (NaN sent as the string "NaN"), crash as an
 * internal error (a header with CR/LF) or be refused for no good reason (a threshold with a
 * unit): each is one error line with exit code 2 naming what is wrong, or works. Against a
 * simulator on loopback, which must not have received a single request when the input is bad.
 */
class HostileFlagsTest {
    /** TTFT 5 ms: a threshold below that fails. */
    private static final SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).build());

    @TempDir
    Path outputs;

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    /** A perf command line against the simulator, plus {@code more}. */
    private String[] perf(String... more) {
        List<String> args = new ArrayList<>(List.of("perf", "--url", sim.baseUrl() + "/v1/chat/completions",
                "--model", "m", "--parallel", "1", "--number", "2", "--max-tokens", "2", "--outputs-dir",
                outputs.toString(), "--no-client-warmup"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Exit code 2, one line containing each of {@code contains}, and nothing sent, nothing written. */
    private void assertRejected(String[] args, String... contains) throws Exception {
        long before = sim.stats().requestsReceived();
        MainTest.Result r = MainTest.run(args);
        assertThat(r.code()).as("%s\n%s", String.join(" ", args), r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("barrage: error: ").contains(contains);
        assertThat(r.err().strip().lines()).as("one line: %s", r.err()).hasSize(1);
        assertThat(r.err()).as("no stack trace").doesNotContain("\tat ");
        assertThat(sim.stats().requestsReceived()).as("nothing was sent").isEqualTo(before);
        try (var files = Files.list(outputs)) {
            assertThat(files.filter(Files::isDirectory)).as("no result folder").isEmpty();
        }
    }

    @Test
    void nonFiniteNumbersInEveryFloatingPointFlagAreExitCode2NamingTheFlag() throws Exception {
        List<String> flags = List.of("--temperature", "--top-p", "--frequency-penalty", "--repetition-penalty",
                "--connect-timeout", "--read-timeout", "--total-timeout", "--sleep-interval", "--burstiness",
                "--duration", "--warmup-num", "--ramp-up", "--rate", "--sla-upper-bound", "--sla-lower-bound",
                "--sla-number-multiplier");
        for (String flag : flags) {
            for (String value : List.of("NaN", "Infinity", "-Infinity")) {
                assertRejected(perf(flag + "=" + value), "'" + flag + "'", "'" + value + "'", "finite number");
            }
        }
        assertRejected(perf("--multi-turn", "--dataset", "random_multi_turn", "--max-turns", "2", "--think-time",
                "Infinity"), "'--think-time'", "finite number");
        assertRejected(perf("--goodput", "ttft:Infinity"), "'--goodput'", "ttft:Infinity", "finite number");
        assertRejected(perf("--extra-args", "{\"temperature\": 1e999}"), "'--extra-args'", "temperature = Infinity",
                "would send a string");
        assertRejected(perf("--sla-auto-tune", "--sla-params", "[{\"p99_ttft\": \"<=1e999\"}]"), "'--sla-params'",
                "not a finite number");
        assertRejected(new String[] {"sim", "--port", "0", "--warmup-s", "Infinity"}, "'--warmup-s'", "finite");
    }

    @Test
    void nonFiniteConfigFileValuesAreExitCode2NamingTheKey() throws Exception {
        // YAML's own spelling: the parser refuses it; the message says where and what to do
        Path yamlNan = Files.writeString(outputs.resolve("nan.yaml"), "model: m\ntemperature: .nan\n");
        assertRejected(perf("--config", yamlNan.toString()), "nan.yaml", "at line 2", "'.nan'", "finite number");
        // a number too big for a double parses as an infinity
        Path scalar = Files.writeString(outputs.resolve("inf.yaml"), "temperature: 1e999\n");
        assertRejected(perf("--config", scalar.toString()), "key 'temperature'", "'Infinity'", "inf.yaml",
                "finite number");
        Path json = Files.writeString(outputs.resolve("inf.json"), "{\"top_p\": -1e999}");
        assertRejected(perf("--config", json.toString()), "key 'top_p'", "'-Infinity'");
        Path nested = Files.writeString(outputs.resolve("nested.yaml"),
                "extra_args: {top_p: 0.9, temperature: -1e999}\n");
        assertRejected(perf("--config", nested.toString()), "key 'extra_args'", "temperature = -Infinity",
                "finite number");
        Path listed = Files.writeString(outputs.resolve("rates.yaml"), "rate: [1, 1e999]\nnumber: [2, 2]\n");
        assertRejected(perf("--config", listed.toString()), "key 'rate'", "[1] = Infinity");
        // a NaN given as text reaches the flag's own check, which names the flag
        Path text = Files.writeString(outputs.resolve("text.yaml"), "temperature: NaN\n");
        assertRejected(perf("--config", text.toString()), "'--temperature'", "finite number");
    }

    @Test
    void headersWithLineBreaksOrBadNamesAreExitCode2NamingTheHeader() throws Exception {
        assertRejected(perf("--headers", "X-Team=perf\r\nX-Injected: 1"), "header 'X-Team'", "line break (CR or LF)");
        assertRejected(perf("--headers", "Authorization=Bearer sk-planted-9\n"), "header 'Authorization'",
                "line break");
        assertRejected(perf("--headers", "X-Team=a\u0001b"), "header 'X-Team'", "control character U+0001");
        assertRejected(perf("--headers", "X-Team=\u20ac5"), "header 'X-Team'", "U+20AC", "Latin-1");
        assertRejected(perf("--headers", "X-Team= perf"), "header 'X-Team'", "starts with a space");
        assertRejected(perf("--headers", "X(bad=1"), "'X(bad' is not a valid header name", "'(' (U+0028)");
        assertRejected(perf("--headers", "X\r\nInjected=1"), "'X<U+000D><U+000A>Injected' is not a valid header name");
        assertRejected(perf("--headers", "X Team=1"), "'X Team'");
        assertRejected(perf("--headers", "X-Tëam=1"), "'X-Tëam'");
        assertRejected(perf("--api-key", "sk-planted-key\r\n"), "The API key from --api-key", "line break");
        Path config = Files.writeString(outputs.resolve("h.yaml"), "headers: {X-Team: \"a\\r\\nX-Injected: 1\"}\n");
        assertRejected(perf("--config", config.toString()), "header 'X-Team'", "line break");
        MainTest.Result secret = MainTest.run(perf("--headers", "Authorization=Bearer sk-planted-9\n"));
        assertThat(secret.err()).as("the value is never echoed").doesNotContain("sk-planted-9");
    }

    @Test
    void validHeadersStillWork() {
        MainTest.Result r = MainTest.run(perf("--headers", "X-Team=perf\tops", "X.Odd_Name~1!=é ok ", "Empty="));
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void urlCredentialsNeverAppearInErrorMessages() throws Exception {
        for (String url : List.of("http://alice:planted-pw@127.0.0.1:99999/v1/chat/completions",
                "ftp://alice:planted-pw@127.0.0.1/v1", "http://alice:plan/ted-pw@127.0.0.1/v1/chat/completions",
                "alice:planted-pw@127.0.0.1:8000/v1")) {
            MainTest.Result r = MainTest.run("perf", "--url", url, "--model", "m", "--outputs-dir", outputs.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("'--url'").contains("***@127.0.0.1")
                    .doesNotContain("planted-pw").doesNotContain("ted-pw");
        }
        MainTest.Result mlflow = MainTest.run(perf("--visualizer", "mlflow", "--mlflow-tracking-uri",
                "ftp://u:planted-pw@127.0.0.1:5000"));
        assertThat(mlflow.err()).contains("'--mlflow-tracking-uri'").doesNotContain("planted-pw");
    }

    @Test
    void thresholdsTakeSpacesAndUnits() throws Exception {
        MainTest.Result pass = MainTest.run(perf("--name", "pass", "--no-timestamp", "--threshold", "p99_ttft < 30s",
                "--threshold", "p99_latency <= 30000 ms", "--threshold", "success_rate >= 99%"));
        assertThat(pass.code()).as(pass.err()).isZero();
        JsonNode outcomes = new ObjectMapper().readTree(outputs.resolve("pass/thresholds.json").toFile());
        assertThat(outcomes.toString()).contains("p99_ttft < 30s").contains("success_rate >= 99%");
        // the simulator's TTFT is 5 ms: a 1 ms limit, written with its unit, fails the run
        MainTest.Result fail = MainTest.run(perf("--name", "fail", "--no-timestamp", "--threshold", "p99_ttft < 1 ms"));
        assertThat(fail.code()).as(fail.err()).isEqualTo(1);
    }

    @Test
    void thresholdsStillWrongAreSaidClearly() throws Exception {
        assertRejected(perf("--threshold", "p99_ttft < 0.8min"), "'--threshold'", "unknown unit 'min'", "ms or s");
        assertRejected(perf("--threshold", "success_rate >= 99"), "'--threshold'", "write 0.99 or 99%");
        assertRejected(perf("--threshold", "p99_ttft ~ 0.8s"), "'--threshold'", "'p99_ttft < 0.8s'");
    }
}
