package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Main;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.store.ResultReader;
import dev.barrage.store.ResultStore;
import dev.barrage.store.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code barrage perf} writing to a disk that fills up mid-run, or is nearly full before it
 * starts: real tmpfs mounts ({@link Tmpfs}; skipped without root), the real simulator, the
 * command line as a user runs it.
 */
class DiskFullRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DISK_FULL = Pattern.compile("barrage: error: disk full at (\\S+) \\([^)]* free\\):"
            + " .+; (\\d+) rows kept in (\\S+)\\. Free some space \\(or choose another --outputs-dir\\) and run again\\.");

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static Result perf(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(Stream.concat(Stream.of("perf"), Stream.of(args)).toArray(String[]::new),
                new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static SimServer sim() {
        // no prefill time: the prompts are long only to fill the disk quickly
        return SimServer.start(SimConfig.builder().port(0).ttftMs(1).prefillUsPerToken(0).itlMs(1).build());
    }

    /** Prompts of 100 kB each: every row stores its request body, so the disk fills after some 150 rows. */
    private Path bigPrompts() throws Exception {
        String prompt = "Summarise the history of the world in one word. ".repeat(2_100);
        return Files.write(dir.resolve("big.txt"), List.of(prompt, prompt.toUpperCase(), prompt, prompt.toUpperCase()));
    }

    @Test
    void aDiskThatFillsMidRunStopsSendingKeepsEveryRowAndExits5() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir, "size=24m"); SimServer sim = sim()) {
            Result r = perf("--url", sim.baseUrl() + "/v1/chat/completions", "--model", "m", "--parallel", "4",
                    "--number", "1000", "--max-tokens", "4", "--dataset", "line_by_line", "--dataset-path",
                    bigPrompts().toString(), "--outputs-dir", disk.path().resolve("out").toString(),
                    "--no-client-warmup", "--no-timestamp", "--name", "full");

            assertThat(r.code()).as(r.err()).isEqualTo(5);
            assertThat(r.err().strip().lines()).as("one line, no stack trace").hasSize(1);
            Matcher m = DISK_FULL.matcher(r.err().strip());
            assertThat(m.matches()).as(r.err()).isTrue();
            Path step = disk.path().resolve("out/full/parallel_4_number_1000");
            assertThat(m.group(1)).isEqualTo(step.toString());
            assertThat(m.group(3)).isEqualTo(step.resolve(ResultStore.FILE_NAME).toString());
            long kept = Long.parseLong(m.group(2));

            JsonNode summary = JSON.readTree(step.resolve("benchmark_summary.json").toFile());
            assertThat(summary.get("Total Requests").asLong()).as("no measured request lost its row").isEqualTo(kept);
            Path copy = Files.copy(step.resolve(ResultStore.FILE_NAME), dir.resolve("copy.db"));
            assertThat(ResultReader.read(copy)).as("the database file alone opens and holds them").hasSize((int) kept);
            assertThat(kept).as("the disk held more than 100 rows").isGreaterThan(100);
            assertThat(sim.stats().requestsReceived()).as("sending stopped at the fault: in flight, the connection test")
                    .isLessThanOrEqualTo(kept + 4 + 1);
            try (Stream<Path> files = Files.list(step)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no reserve, -wal or .tmp file is left")
                        .containsExactlyInAnyOrder(ResultStore.FILE_NAME, "benchmark_args.json",
                                "benchmark_summary.json", "benchmark_percentile.json");
            }
        }
    }

    @Test
    void anAlmostFullDiskIsRefusedBeforeAnyRequest() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir, "size=4m"); SimServer sim = sim()) {
            Result r = perf("--url", sim.baseUrl() + "/v1/chat/completions", "--model", "m", "--parallel", "1",
                    "--number", "10", "--outputs-dir", disk.path().resolve("out").toString(), "--no-client-warmup");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("barrage: error: Not enough free space for results under '"
                    + disk.path().resolve("out") + "' (--outputs-dir): its disk has 4.2 MB free, and a run needs at"
                    + " least 16.0 MB (its database, room kept back for the rows if the disk fills, the JSON files and"
                    + " the report). Free some space or choose another folder.");
            assertThat(sim.stats().requestsReceived()).as("not even the connection test").isZero();
            assertThat(disk.path().resolve("out")).doesNotExist();
        }
    }
}
