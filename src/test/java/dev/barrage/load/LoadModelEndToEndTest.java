package dev.barrage.load;

import dev.barrage.Barrage;
import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;
import dev.barrage.report.Console;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rates, open loop, warm-up, duration, ramp-up and the coordinated-omission view, end to end. */
class LoadModelEndToEndTest {
    private static SimServer fast;

    @TempDir
    Path outputs;

    @BeforeAll
    static void start() {
        fast = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(2).itlGrowth(0).prefillUsPerToken(0)
                .maxBatch(1000).build());
    }

    @AfterAll
    static void stop() {
        fast.close();
    }

    private Arguments.Builder args(String url) {
        return Arguments.builder().url(url).model("m").outputsDir(outputs).sleepInterval(0.0).maxTokens(4)
                .extraArgs(Map.of("ignore_eos", true));
    }

    private static BenchmarkResults run(Arguments args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return Barrage.runPerfBenchmark(args, new Console(new PrintStream(out, true, StandardCharsets.UTF_8), false),
                new StopSignal());
    }

    private static RunSummary only(BenchmarkResults r) {
        assertThat(r.runs()).hasSize(1);
        return r.runs().get(0).summary();
    }

    @Test
    void achievedRateIsWithinOnePercentOfTheTargetAt50PerSecond() {
        for (String arrival : new String[] {"constant", "poisson", "gamma"}) {
            BenchmarkResults r = run(args(fast.baseUrl() + "/v1/chat/completions").parallel(50).rate(50).number(250)
                    .arrival(arrival).burstiness(0.5).seed(11L).build());
            RunSummary s = only(r);
            assertThat(s.successRequests()).isEqualTo(250);
            assertThat(s.schedule().achievedRate()).as(arrival).isCloseTo(50.0, within(0.5));
            assertThat(r.runs().get(0).folder().getFileName().toString()).isEqualTo("parallel_50_rate_50_number_250");
        }
    }

    @Test
    void openLoopDropsSendsBeyondMaxInFlightAndSaysSo() {
        SimServer slow = SimServer.start(SimConfig.builder().port(0).ttftMs(3000).itlMs(1).maxBatch(1000).build());
        try {
            BenchmarkResults r = run(args(slow.baseUrl() + "/v1/chat/completions").openLoop(true).rate(100).number(50)
                    .maxInFlight(10).arrival("constant").maxTokens(1).build());
            StepResult step = r.runs().get(0);
            RunSummary s = step.summary();
            assertThat(step.folder().getFileName().toString()).isEqualTo("rate_100_number_50");
            assertThat(s.totalRequests()).isEqualTo(10);
            assertThat(s.schedule().droppedRequests()).isEqualTo(40);
            assertThat(step.interrupted()).as("drops are not an interruption").isFalse();
            assertThat(s.clientVerdict().clientLimited()).isTrue();
            assertThat(s.clientVerdict().line()).contains("40 sends dropped at --max-in-flight");
        } finally {
            slow.close();
        }
    }

    @Test
    void warmupRequestsAreSentFirstAndLeftOutOfEverything() throws Exception {
        BenchmarkResults r = run(args(fast.baseUrl() + "/v1/chat/completions").parallel(2).number(6).warmupNum(3.0)
                .build());
        RunSummary s = only(r);
        assertThat(s.totalRequests()).isEqualTo(6);
        assertThat(s.schedule().warmupRequests()).isEqualTo(3);
        assertThat(rows(r.runs().get(0).folder())).isEqualTo(6);
        assertThat(Arguments.builder().warmupNum(0.1).build().warmupCount(100)).isEqualTo(10);
        assertThat(Arguments.builder().warmupNum(0.001).build().warmupCount(100)).as("at least one").isEqualTo(1);
    }

    @Test
    void durationStopsSendingWithoutCallingTheRunInterrupted() throws Exception {
        BenchmarkResults r = run(args(fast.baseUrl() + "/v1/chat/completions").parallel(4).rate(20).number(10_000)
                .arrival("constant").duration(1.0).build());
        StepResult step = r.runs().get(0);
        assertThat(step.interrupted()).isFalse();
        assertThat(step.summary().totalRequests()).isBetween(15, 21);
        assertThat(rows(step.folder())).isEqualTo(step.summary().totalRequests());
        assertThat(r.interrupted()).isFalse();
    }

    @Test
    void concurrencyRampsUpLinearly() throws Exception {
        SimServer slow = SimServer.start(SimConfig.builder().port(0).ttftMs(300).itlMs(1).itlGrowth(0).maxBatch(1000)
                .build());
        try {
            // 8 slots over 1.4 s: slot k (0-based) opens at k * 0.2 s; each request holds one for ~0.3 s.
            BenchmarkResults r = run(args(slow.baseUrl() + "/v1/chat/completions").parallel(8).number(24)
                    .rampUp(1.4).maxTokens(1).build());
            Path db = r.runs().get(0).folder().resolve("benchmark_data.db");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                assertThat(maxInFlight(c, 0.15)).as("one slot during the first 0.2 s").isEqualTo(1);
                assertThat(maxInFlight(c, 0.55)).as("at most three slots before 0.6 s").isLessThanOrEqualTo(3);
                assertThat(maxInFlight(c, 10)).as("all eight in the end").isEqualTo(8);
            }
        } finally {
            slow.close();
        }
    }

    /** Most requests in flight at any send time within {@code seconds} of the first send. */
    private static int maxInFlight(Connection c, double seconds) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT MAX(n) FROM (SELECT (SELECT COUNT(*) FROM result b"
                + " WHERE b.start_time <= a.start_time AND b.completed_time > a.start_time) AS n FROM result a"
                + " WHERE a.start_time - (SELECT MIN(start_time) FROM result) < " + seconds + ")")) {
            return rs.getInt(1);
        }
    }

    @Test
    void aStallIsHiddenFromClosedLoopLatencyButShownFromIntendedSendTimes() throws Exception {
        try (StallServer server = new StallServer(20, 2500, 2000)) {
            BenchmarkResults r = run(args(server.url()).parallel(4).rate(20).number(120).arrival("constant")
                    .noTestConnection(true).build());
            StepResult step = r.runs().get(0);
            PercentileTable p = step.percentiles();
            double ttftP90 = p.value(PercentileTable.TTFT, "90%");
            double fromIntendedP90 = p.value(PercentileTable.TTFT_FROM_INTENDED, "90%");
            double queueP90 = p.value(PercentileTable.QUEUE_TIME, "90%");
            // 2 s stall: only the 4 requests in flight see it from their actual send; about 40 of 120 were due
            // during it and queued in the client, which only intended-time figures reveal.
            assertThat(ttftP90).as("closed-loop TTFT p90 hides the stall").isLessThan(300);
            assertThat(fromIntendedP90).as("TTFT p90 from the intended send shows it").isGreaterThan(700);
            assertThat(queueP90).as("client queue time shows where it went").isGreaterThan(500);
            assertThat(p.value(PercentileTable.TTFT, "max")).as("the in-flight ones saw it").isGreaterThan(1000);
        }
    }

    @Test
    void goodputCountsRequestsMeetingEveryObjective() {
        BenchmarkResults r = run(args(fast.baseUrl() + "/v1/chat/completions").parallel(2).number(10)
                .goodput(Map.of("ttft", 10_000.0, "e2el", 60_000.0)).build());
        RunSummary s = only(r);
        assertThat(s.goodput().goodRequests()).isEqualTo(10);
        assertThat(s.goodput().percent()).isEqualTo(100.0);
        BenchmarkResults strict = run(args(fast.baseUrl() + "/v1/chat/completions").parallel(2).number(10)
                .goodput(Map.of("ttft", 0.001)).build());
        assertThat(only(strict).goodput().goodRequests()).isZero();
    }

    @Test
    void clientVerdictFlipsWhenTheClientIsStarved() {
        BenchmarkResults ok = run(args(fast.baseUrl() + "/v1/chat/completions").parallel(2).number(10).build());
        Map<String, Object> okChecks = only(ok).clientVerdict().checks();

        SimServer chatty = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(1).itlGrowth(0).maxBatch(1000)
                .build());
        try {
            // 20 streams x 1,000 events/s, each event costing the I/O thread 2 ms: hopelessly behind.
            BenchmarkResults starved = run(args(chatty.baseUrl() + "/v1/chat/completions").parallel(20).number(40)
                    .maxTokens(50).clientEventCostMicros(2000).build());
            RunSummary s = only(starved);
            assertThat(s.clientVerdict().clientLimited()).isTrue();
            // the I/O threads burned the time: Barrage's own work; on a machine that other processes keep
            // busy too, those come first, named with the busy I/O thread or, when the others left it
            // too little CPU to be busy, with how long it waited for one
            String cause = s.clientVerdict().cause();
            assertThat(s.toJsonMap().get("Client Cause")).isEqualTo(cause);
            if (cause.startsWith("CPU taken by other processes")) {
                assertThat(cause).containsAnyOf("Barrage's busiest I/O thread was busy",
                        "the I/O threads waited for a CPU");
            } else {
                assertThat(s.clientVerdict().line()).startsWith("CLIENT-LIMITED (cause: Barrage's own work")
                        .endsWith("these numbers measure Barrage, not the server");
            }
            assertThat(s.toJsonMap().get("Client Verdict").toString()).startsWith("CLIENT-LIMITED");
            // Compared with an unstarved run on the same (possibly busy) machine, the lag is far worse.
            double okLag = (Double) okChecks.get("Event-loop lag p99 (ms)");
            double starvedLag = (Double) s.clientVerdict().checks().get("Event-loop lag p99 (ms)");
            assertThat(starvedLag).as("starved %s vs normal %s", starvedLag, okLag).isGreaterThan(5 * Math.max(okLag, 1));
        } finally {
            chatty.close();
        }
    }

    private static int rows(Path folder) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("benchmark_data.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM result")) {
            return rs.getInt(1);
        }
    }
}
