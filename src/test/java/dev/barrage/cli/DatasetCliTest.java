package dev.barrage.cli;

import dev.barrage.tokenizer.TestTokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset and tokenizer flags on the command line: bad input is one line, exit code 2, before
 * any request (the URL points at a closed port, so a request would fail with exit code 3).
 */
class DatasetCliTest {
    static final String NOWHERE = "http://127.0.0.1:9/v1/chat/completions";

    @TempDir
    Path dir;

    static void assertOneLineError(MainTest.Result r, String... contains) {
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("barrage: error: ").contains(contains);
    }

    @Test
    void badDatasetAndTokenizerFlagsStopBeforeAnyRequest() throws Exception {
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "nosuch"),
                "'--dataset'", "random");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--tokenizer-path",
                dir.resolve("missing").toString()), "'--tokenizer-path'", "no such file or folder");
        Path bad = Files.writeString(dir.resolve("q.jsonl"), "{\"question\": \"ok\"}\nnot json\n");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "openqa", "--dataset-path",
                bad.toString()), "Malformed line 2 of '" + bad + "'");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset", "random",
                "--max-prompt-length", "5", "--tokenizer-path", TestTokenizers.qwen3Dir().toString()),
                "'--max-prompt-length'", "8 of chat template");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--dataset-args", "[1]"),
                "'--dataset-args'");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--model", "m", "--apply-chat-template", "maybe"),
                "'--apply-chat-template'");
        assertOneLineError(MainTest.run("sim", "--tokenizer-path", "tiktoken:nope"), "'--tokenizer-path'");
    }

    @Test
    void aBadTraceIsOneLineNamingFileAndLineBeforeAnyRequest() throws Exception {
        Path trace = Files.writeString(dir.resolve("trace.jsonl"), "{\"timestamp\": 0, \"body\": {\"model\": \"m\"}}\n"
                + "\n{\"timestamp\": \"soon\", \"body\": {}}\n");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--dataset", "workload_trace", "--dataset-path",
                trace.toString(), "--open-loop"), "Malformed line 3 of '" + trace + "'", "cannot read \"timestamp\" 'soon'");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--dataset", "workload_trace", "--dataset-path",
                trace.toString(), "--open-loop", "--rate", "5"), "'--rate'", "\"speed\"");
        assertOneLineError(MainTest.run("perf", "--url", NOWHERE, "--dataset", "workload_trace", "--dataset-path",
                trace.toString(), "--dataset-args", "{\"speed\": -1}"), "'speed'", "'--dataset-args'");
    }

    @Test
    void datasetKeysWorkInConfigFiles() throws Exception {
        Path config = Files.writeString(dir.resolve("run.yaml"), "url: " + NOWHERE + "\nmodel: m\ndataset: random\n"
                + "min_prompt_length: 4\nmax_prompt_length: 6\ntokenizer_path: " + TestTokenizers.qwen3Dir() + "\n"
                + "dataset_args: {}\napply_chat_template: auto\n");
        assertOneLineError(MainTest.run("perf", "--config", config.toString()), "'--max-prompt-length'",
                "8 of chat template");
    }

    @Test
    void maxTokensTakesOneValueOrARange() {
        PerfCommand c = new PerfCommand();
        new picocli.CommandLine(c).parseArgs("--url", NOWHERE, "--model", "m", "--max-tokens", "16", "64");
        assertThat(c.toArguments().maxTokens()).isEqualTo(16);
        assertThat(c.toArguments().maxTokensUpper()).isEqualTo(64);
        PerfCommand one = new PerfCommand();
        new picocli.CommandLine(one).parseArgs("--url", NOWHERE, "--model", "m", "--max-tokens", "16");
        assertThat(one.toArguments().maxTokensUpper()).isNull();
    }
}
