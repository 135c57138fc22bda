package dev.barrage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code barrage report} and {@code barrage dashboard} on the command line: exit codes and files. */
class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderWithoutRunsIsOneErrorLineAndExitCode2() {
        MainTest.Result r = MainTest.run("report", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("barrage: error: No runs in").doesNotContain("\n");
    }

    @Test
    void outputWithOneFolderIsAnInputError() {
        MainTest.Result r = MainTest.run("report", tmp.toString(), "-o", tmp.resolve("x.html").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--output").contains("comparisons");
    }

    @Test
    void rebuildsAndComparesRealSweeps() throws Exception {
        MainTest.Result perf = MainTest.run("perf", "--outputs-dir", tmp.toString(), "--no-timestamp",
                "--name", "a", "--parallel", "1", "2", "--number", "2", "4", "--max-tokens", "4",
                "--sleep-interval", "0");
        assertThat(perf.code()).isZero();
        Path a = tmp.resolve("a");
        Files.delete(a.resolve("perf_report.html"));
        Files.delete(a.resolve("parallel_1_number_2/benchmark_summary.json"));

        assertThat(MainTest.run("report", a.toString()).code()).isZero();
        assertThat(a.resolve("perf_report.html")).isNotEmptyFile();
        assertThat(a.resolve("parallel_1_number_2/benchmark_summary.json")).content().contains("Avg TTFT (ms)");

        Path out = tmp.resolve("cmp.html");
        assertThat(MainTest.run("report", a.toString(), a.resolve("parallel_2_number_4").toString(), "-o",
                out.toString()).code()).isZero();
        assertThat(out).content().contains("Barrage comparison").contains("<table class=\"diff\">");
    }

    @Test
    void dashboardRejectsAnImpossiblePort() {
        MainTest.Result r = MainTest.run("dashboard", tmp.toString(), "--port", "70000");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--port");
    }
}
