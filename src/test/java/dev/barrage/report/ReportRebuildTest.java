package dev.barrage.report;

import dev.barrage.BenchmarkResults;
import dev.barrage.StepResult;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.StepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The derived files rebuilt from the databases alone are the very files {@code perf} wrote, and
 * nothing else is touched.
 */
class ReportRebuildTest {
    private static final java.util.Set<String> DERIVED = java.util.Set.of("benchmark_summary.json",
            "benchmark_percentile.json", "performance_summary.txt", "perf_report.html");

    @TempDir
    Path tmp;

    @Test
    void rebuildingFromTheDatabasesReproducesEveryTableByteForByte() throws Exception {
        // in place (performance_summary.txt names its folder, so a copy would differ); only
        // derived files are emptied and rebuilt, with the same bytes
        Path root = SweepFixture.sweepA().outputDir();
        Map<String, String> before = hashes(root);
        for (String derived : DERIVED) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals(derived)).toList()) {
                    keepOnlyClientFacts(f);
                }
            }
        }

        ReportFiles.rebuild(root, quietConsole());

        Map<String, String> after = hashes(root);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!e.getKey().endsWith("perf_report.html")) { // it carries the time it was generated
                assertThat(after.get(e.getKey())).as("%s after the rebuild", e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(root.resolve("perf_report.html")).content(StandardCharsets.UTF_8)
                .contains("Chart.js v" + Assets.CHART_JS_VERSION).doesNotContain(SweepFixture.SECRET)
                .doesNotContain("<script src");
    }

    @Test
    void aStepFolderRebuildsOnlyItsOwnTablesAndTheSweepReport() throws Exception {
        BenchmarkResults results = SweepFixture.sweepA();
        Path root = SweepFixture.copy(results.outputDir(), tmp);
        StepResult first = results.runs().get(0);
        StepResult second = results.runs().get(1);
        Path step1 = root.resolve(first.folder().getFileName().toString());
        Path step2 = root.resolve(second.folder().getFileName().toString());
        Files.writeString(step1.resolve("benchmark_summary.json"), "stale");
        Files.writeString(step2.resolve("benchmark_summary.json"), "stale");
        Files.delete(root.resolve("perf_report.html"));

        ReportFiles.rebuild(step1, quietConsole());

        assertThat(step1.resolve("benchmark_summary.json")).content().contains("\"Avg TTFT (ms)\"");
        assertThat(step2.resolve("benchmark_summary.json")).hasContent("stale");
        assertThat(root.resolve("perf_report.html")).exists();
    }

    @Test
    void rebuiltRunsMatchTheMeasuredOnesExactly() {
        BenchmarkResults results = SweepFixture.sweepA();
        // perf itself checks its databases against the runs while writing the report
        assertThat(SweepFixture.consoleA).contains("Report: ").doesNotContain("does not reproduce");
        for (StepResult measured : results.runs()) {
            RunDetail rebuilt = StepRebuilder.rebuild(StepFolder.open(measured.folder()));
            // as JSON: the carried-over client checks come back as Integer where perf had Long
            assertThat(JsonFiles.compact(rebuilt.result().summary().toJsonMap()))
                    .isEqualTo(JsonFiles.compact(measured.summary().toJsonMap()));
            assertThat(rebuilt.result().percentiles().toRows()).isEqualTo(measured.percentiles().toRows());
            assertThat(rebuilt.ttftMs().count()).isEqualTo(measured.summary().successRequests());
            assertThat(rebuilt.timeline().startS()).isNotEmpty();
        }
    }

    /**
     * Derived files are emptied, except that a summary keeps the figures no database row holds
     * (the client verdict, warm-up and dropped counts: facts about the client, carried over).
     */
    private static void keepOnlyClientFacts(Path file) throws Exception {
        if (!file.getFileName().toString().equals("benchmark_summary.json")) {
            Files.delete(file);
            return;
        }
        com.fasterxml.jackson.databind.node.ObjectNode all = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        all.retain("Client Verdict", "Client Checks", "Warm-up Requests", "Dropped Requests");
        assertThat(all.size()).isEqualTo(4);
        Files.writeString(file, all.toString());
    }

    static Console quietConsole() {
        return new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    }

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                out.put(root.relativize(f).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
