package dev.barrage.load;

import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.store.ResultReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dataset files larger than the heap, in a real {@code barrage perf} process with a 64 MB heap
 * (what a 2 GB file is to a default heap): read only as far as the run needs, or refused with one
 * line and exit code 2 — never an OutOfMemoryError's stack trace. The 200 MB files are sparse
 * (their tail is a hole of NUL bytes that takes no disk).
 */
class HugeDatasetFileTest {
    private static final List<String> SMALL_HEAP = List.of("-Xmx64m");
    private static final long SIZE = 200_000_000L;

    @TempDir
    Path dir;

    private Path sparse(String name, String head) throws Exception {
        Path file = Files.writeString(dir.resolve(name), head);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        return file;
    }

    /** Runs perf against a port where nothing listens unless {@code url} is given; returns exit code and output. */
    private static String[] perf(String url, String dataset, Path file, String number, Path outputs) throws Exception {
        try (PerfProcess p = new PerfProcess(SMALL_HEAP, "--url", url, "--model", "m", "--parallel", "1", "--number",
                number, "--max-tokens", "4", "--dataset", dataset, "--dataset-path", file.toString(), "--outputs-dir",
                outputs.toString(), "--no-timestamp", "--name", "huge", "--no-client-warmup")) {
            int code = p.awaitExit(120, TimeUnit.SECONDS);
            return new String[] {String.valueOf(code), p.output()};
        }
    }

    private static void assertOneErrorLine(String output, String startsWith) {
        List<String> errors = output.lines().filter(l -> l.startsWith("barrage: ")).toList();
        assertThat(errors).as(output).hasSize(1);
        assertThat(errors.get(0)).startsWith(startsWith);
        assertThat(output).as("no stack trace").doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    }

    @Test
    void aHugeLineByLineFileIsReadOnlyAsFarAsTheRunNeeds() throws Exception {
        Path file = sparse("prompts.txt", "Say one word.\nSay two words.\nSay three words.\n");
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(1).build())) {
            String[] r = perf(sim.baseUrl() + "/v1/chat/completions", "line_by_line", file, "3", dir.resolve("out"));
            assertThat(r[0]).as(r[1]).isEqualTo("0");
            assertThat(ResultReader.read(dir.resolve("out/huge/parallel_1_number_3/benchmark_data.db"))).hasSize(3);
        }
    }

    @Test
    void aHugeTraceThatMustBeHeldWholeIsRefusedBySize() throws Exception {
        Path file = sparse("trace.jsonl", "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 5}\n");
        String[] r = perf("http://127.0.0.1:9/v1/chat/completions", "mooncake_trace", file, "1", dir.resolve("out"));
        assertThat(r[0]).as(r[1]).isEqualTo("2");
        assertOneErrorLine(r[1], "barrage: error: The dataset file '" + file + "' (--dataset-path) is 200.0 MB:"
                + " reading it needs about 400.0 MB of heap, and the JVM has ");
        assertThat(r[1]).contains("raise the heap with BARRAGE_JAVA_OPTS=-Xmx1g.");
    }

    @Test
    void aFileWithoutLineBreaksIsRefusedAtItsFirstLine() throws Exception {
        Path file = sparse("custom.jsonl", "");
        String[] r = perf("http://127.0.0.1:9/v1/chat/completions", "custom", file, "1", dir.resolve("out"));
        assertThat(r[0]).as(r[1]).isEqualTo("2");
        assertOneErrorLine(r[1], "barrage: error: Malformed line 1 of '" + file + "' (--dataset-path): longer than");
    }

    @Test
    void runningOutOfHeapWhileLoadingIsOneLineNotAStackTrace() throws Exception {
        // 20 MB of short prompts, all of them wanted: as objects they take more than the 64 MB heap
        Path file = dir.resolve("many.txt");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < 800_000; i++) {
                w.write("Prompt number " + i + " of many.\n");
            }
        }
        String[] r = perf("http://127.0.0.1:9/v1/chat/completions", "line_by_line", file, "5000000",
                dir.resolve("out"));
        assertThat(r[0]).as(r[1]).isEqualTo("2");
        assertOneErrorLine(r[1], "barrage: error: Loading the dataset file '" + file + "' (");
        assertThat(r[1]).contains("ran out of memory: the JVM has ").contains("Ask for fewer prompts (--number)");
    }
}
