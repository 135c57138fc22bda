package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real {@code barrage perf} processes stopped by real signals in each phase: during the connection
 * test, during the warm-up, between sweep steps, as the last run's reports are written, with streams hanging (one
 * signal waits the grace period, a second exits at once), and killed with SIGKILL mid-run. Every
 * file left behind is complete: JSON parses, SQLite passes its integrity check. (SIGTERM mid-run
 * is {@link InterruptTest}.)
 */
class ShutdownTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outputs;

    private static SimServer sim(String... faults) {
        SimConfig.Builder b = SimConfig.builder().port(0).ttftMs(2).itlMs(1).itlGrowth(0).maxBatch(512);
        for (String f : faults) {
            b.fault(f);
        }
        return SimServer.start(b.build());
    }

    private PerfProcess perf(SimServer sim, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--url", sim.baseUrl() + "/v1/chat/completions",
                "--model", "m", "--outputs-dir", outputs.toString(), "--no-timestamp", "--name", "run",
                "--max-tokens", "4", "--log-every-n-query", "1000"));
        args.addAll(List.of(more));
        return new PerfProcess(args.toArray(new String[0]));
    }

    /** Every JSON file under the outputs parses and every database passes PRAGMA integrity_check. */
    private void assertEveryFileIsComplete() throws Exception {
        try (Stream<Path> files = Files.walk(outputs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    assertThat(JSON.readTree(f.toFile())).as("%s parses", f).isNotNull();
                } else if (name.endsWith(".db")) {
                    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
                            ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
                        assertThat(rs.getString(1)).as("%s", f).isEqualTo("ok");
                    }
                }
            }
        }
    }

    @Test
    void aSignalDuringTheConnectionTestExits130AtOnceLeavingNoFolder() throws Exception {
        try (SimServer sim = sim("stall-headers=120"); PerfProcess p = perf(sim, "--parallel", "1", "--number", "5")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sim.stats().requestsReceived() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            p.signal("TERM");
            assertThat(p.awaitExit(15, TimeUnit.SECONDS)).as(p.output()).isEqualTo(130);
            assertThat(p.output()).contains("Stopped during the connection test");
            try (Stream<Path> left = Files.list(outputs)) {
                assertThat(left).as("nothing was measured, nothing is written").isEmpty();
            }
        }
    }

    @Test
    void aSignalDuringTheWarmUpExits130LeavingOnlyCompleteFiles() throws Exception {
        // 2,000 warm-up requests of 4 tokens at 10 ms, 4 at a time: ~18 s of warm-up, stopped 1 s into it
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(2).itlMs(10).itlGrowth(0)
                .maxBatch(512).build());
                PerfProcess p = perf(sim, "--parallel", "4", "--number", "10", "--warmup-num", "2000")) {
            p.awaitLine(l -> l.contains("warm-up requests first"), 60);
            Thread.sleep(1000);
            p.signal("TERM");
            assertThat(p.awaitExit(20, TimeUnit.SECONDS)).as(p.output()).isEqualTo(130);
            Path step = outputs.resolve("run/parallel_4_number_10");
            assertThat(JSON.readTree(step.resolve("benchmark_summary.json").toFile()).get("Total Requests").asInt())
                    .as("nothing measured yet").isZero();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.resolve("benchmark_data.db"));
                    ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM result")) {
                assertThat(rs.getInt(1)).as("warm-up requests are never stored").isZero();
            }
            assertEveryFileIsComplete();
        }
    }

    @Test
    void aSignalBetweenStepsKeepsTheFinishedStepAndStartsNoOther() throws Exception {
        try (SimServer sim = sim(); PerfProcess p = perf(sim, "--parallel", "2", "3", "--number", "10", "12",
                "--sleep-interval", "120")) {
            p.awaitLine(l -> l.contains("Percentile results (parallel 2, number 10)"), 60);
            Thread.sleep(300);
            p.signal("INT");
            assertThat(p.awaitExit(15, TimeUnit.SECONDS)).as(p.output()).isEqualTo(130);
            Path root = outputs.resolve("run");
            JsonNode summary = JSON.readTree(root.resolve("parallel_2_number_10/benchmark_summary.json").toFile());
            assertThat(summary.get("Success Requests").asInt()).isEqualTo(10);
            assertThat(root.resolve("parallel_3_number_12")).doesNotExist();
            assertThat(root.resolve("performance_summary.txt")).exists();
            assertThat(JSON.readTree(root.resolve("run_meta.json").toFile()).get("runs")).hasSize(1);
            assertEveryFileIsComplete();
        }
    }

    @Test
    void aSignalWhileTheLastReportsAreWrittenStillLeavesThemComplete() throws Exception {
        try (SimServer sim = sim(); PerfProcess p = perf(sim, "--parallel", "4", "--number", "40")) {
            p.awaitLine(l -> l.contains("Benchmarking summary (parallel 4, number 40"), 60);
            p.signal("TERM");
            int code = p.awaitExit(15, TimeUnit.SECONDS);
            assertThat(code).as(p.output()).isIn(0, 130);
            Path root = outputs.resolve("run");
            for (String file : List.of("parallel_4_number_40/benchmark_summary.json",
                    "parallel_4_number_40/benchmark_percentile.json", "parallel_4_number_40/benchmark_args.json",
                    "parallel_4_number_40/benchmark_data.db", "run_meta.json", "performance_summary.txt",
                    "benchmark.log")) {
                assertThat(root.resolve(file)).as(file).exists();
            }
            assertThat(root.resolve("performance_summary.txt")).content().contains("Performance overview");
            assertEveryFileIsComplete();
        }
    }

    @Test
    void oneSignalGivesHangingStreamsTheirGraceThenRecordsThemInterrupted() throws Exception {
        try (SimServer sim = sim("stall-stream=120"); PerfProcess p = perf(sim, "--parallel", "4", "--number", "50")) {
            awaitDecoding(sim, 4);
            long signalled = System.nanoTime();
            p.signal("TERM");
            assertThat(p.awaitExit(30, TimeUnit.SECONDS)).as(p.output()).isEqualTo(130);
            double seconds = (System.nanoTime() - signalled) / 1e9;
            assertThat(seconds).as("waited the 5 s grace").isGreaterThan(4.5);
            JsonNode summary = JSON.readTree(outputs.resolve("run/parallel_4_number_50/benchmark_summary.json")
                    .toFile());
            assertThat(summary.get("Interrupted Requests").asInt()).isEqualTo(4);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
                    + outputs.resolve("run/parallel_4_number_50/benchmark_data.db"));
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT COUNT(*) FROM result WHERE error_type = 'interrupted' AND token_events = 1")) {
                assertThat(rs.getInt(1)).as("their first tokens are kept").isEqualTo(4);
            }
            assertEveryFileIsComplete();
        }
    }

    @Test
    void aSecondSignalExitsAtOnce() throws Exception {
        try (SimServer sim = sim("stall-stream=120"); PerfProcess p = perf(sim, "--parallel", "4", "--number", "50")) {
            awaitDecoding(sim, 4);
            p.signal("TERM");
            p.awaitLine(l -> l.contains("Stopping (SIGTERM)"), 15);
            long second = System.nanoTime();
            p.signal("INT");
            assertThat(p.awaitExit(15, TimeUnit.SECONDS)).as(p.output()).isEqualTo(130);
            assertThat((System.nanoTime() - second) / 1e9).as("well before the 5 s grace ends").isLessThan(3.0);
        }
    }

    @Test
    void sigkillMidRunLeavesAValidDatabaseWithEveryCommittedBatch() throws Exception {
        try (SimServer sim = sim(); PerfProcess p = perf(sim, "--parallel", "8", "--number", "1000000")) {
            p.awaitLine(l -> l.matches(".*\\b[3-9]\\d{3}/1000000 done.*") || l.matches(".*\\b\\d{5,}/1000000 done.*"),
                    120);
            p.signal("KILL");
            assertThat(p.awaitExit(15, TimeUnit.SECONDS)).isEqualTo(137);
        }
        Path step = outputs.resolve("run/parallel_8_number_1000000");
        assertThat(JSON.readTree(step.resolve("benchmark_args.json").toFile()).get("number").asInt()).isEqualTo(1000000);
        assertThat(step.resolve("benchmark_summary.json")).as("the run never finished").doesNotExist();
        assertEveryFileIsComplete();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.resolve("benchmark_data.db"));
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(success), MIN(latency), COUNT(DISTINCT request_id)"
                    + " FROM result");
            assertThat(rs.getInt(1)).as("at least the batches committed before 3000 were reported done")
                    .isGreaterThanOrEqualTo(2000);
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getDouble(3)).isPositive();
            assertThat(rs.getInt(4)).as("no row twice").isEqualTo(rs.getInt(1));
        }
    }

    private static void awaitDecoding(SimServer sim, int streams) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sim.stats().decoding() < streams && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sim.stats().decoding()).isEqualTo(streams);
        Thread.sleep(200);
    }
}
