package dev.barrage.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opens the reports in a real headless Chromium: no console error, every chart drew (a Chart.js
 * instance with data points, and non-blank pixels on its canvas), and a screenshot under
 * {@code target/}. Skipped when chromium is not installed ({@code .ci/run} installs it).
 */
class ReportBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Counts canvases and, per chart, drawn pixels and data points. */
    static final String CHECK = """
            JSON.stringify({
              chartJs: typeof Chart,
              canvases: document.querySelectorAll('canvas').length,
              charts: (window.barrageCharts || []).map(function (c) {
                var d = c.ctx.getImageData(0, 0, c.canvas.width, c.canvas.height).data, ink = 0;
                for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) ink++; }
                var points = 0;
                c.data.datasets.forEach(function (s, k) { points += c.getDatasetMeta(k).data.length; });
                return { ink: ink, points: points, width: c.canvas.width, title: c.canvas.closest('.card')
                  .querySelector('h3').textContent };
              })
            })""";

    @TempDir
    Path tmp;

    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(HeadlessChromium.executable() != null,
                "chromium is not installed (apt-get install -y chromium): browser test skipped");
    }

    @Test
    void sweepReportDrawsEveryChartWithoutErrors() throws Exception {
        BenchmarkResults results = SweepFixture.sweepA();
        Path report = results.outputDir().resolve(HtmlReport.FILE_NAME);
        // 5 charts against load, 2 CDFs, and per run a TTFT and an ITL histogram and a timeline
        int expected = 5 + 2 + 3 * results.runs().size();
        checkPage(report.toUri().toString(), expected, Path.of("target", "report-screenshot.png"));
    }

    @Test
    void comparisonDrawsEveryChartWithoutErrors() throws Exception {
        SweepData a = SweepLoader.load(SweepFixture.sweepA().outputDir());
        SweepData b = SweepLoader.load(SweepFixture.sweepB().outputDir());
        Path page = tmp.resolve("compare.html");
        Files.writeString(page, HtmlReport.comparison(a, b));
        assertThat(page).content().contains("<table class=\"diff\">").contains("P99 ITL (ms)");
        // 5 charts against load; per pair of runs at the same load: 2 CDFs and a timeline
        checkPage(page.toUri().toString(), 5 + 3 * 2, Path.of("target", "comparison-screenshot.png"));
    }

    @Test
    void multiTurnReportDrawsTtftByTurn() throws Exception {
        try (dev.barrage.sim.SimServer sim = dev.barrage.sim.SimServer.start(dev.barrage.sim.SimConfig.builder().port(0)
                .ttftMs(20).itlMs(2).itlGrowth(0).prefillUsPerToken(100).prefixCache(true).build())) {
            dev.barrage.config.Arguments args = dev.barrage.config.Arguments.builder()
                    .url(sim.baseUrl() + "/v1/chat/completions").model("m").name("mt").parallel(1, 2).number(2, 4)
                    .maxTokens(8).sleepInterval(0.0).outputsDir(tmp.resolve("mt")).dataset("random_multi_turn")
                    .minTurns(3).maxTurns(3).minPromptLength(100).maxPromptLength(200).build();
            dev.barrage.BenchmarkResults r = dev.barrage.Barrage.runPerfBenchmark(args, new Console(
                    new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
                            java.nio.charset.StandardCharsets.UTF_8), false), new dev.barrage.load.StopSignal());
            Path report = r.outputDir().resolve(HtmlReport.FILE_NAME);
            // the sweep report's charts, plus TTFT by turn
            int expected = 5 + 2 + 3 * r.runs().size() + 1;
            checkPage(report.toUri().toString(), expected, Path.of("target", "multi-turn-report-screenshot.png"));
            assertThat(report).content().contains("TTFT by turn").contains("\"turns\":[{\"turn\":1");
        }
    }

    static void checkPage(String url, int expectedCharts, Path screenshot) throws Exception {
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(url);
            JsonNode state = JSON.readTree(browser.evaluate(CHECK).asText());
            browser.screenshot(screenshot);
            assertThat(browser.errors()).as("console errors").isEmpty();
            assertThat(state.get("chartJs").asText()).isEqualTo("function");
            assertThat(state.get("canvases").asInt()).isEqualTo(expectedCharts);
            assertThat(state.get("charts")).hasSize(expectedCharts);
            for (JsonNode chart : state.get("charts")) {
                assertThat(chart.get("width").asInt()).as(chart.toString()).isPositive();
                assertThat(chart.get("points").asInt()).as("data points of %s", chart).isPositive();
                assertThat(chart.get("ink").asInt()).as("drawn pixels of %s", chart).isGreaterThan(1000);
            }
            assertThat(screenshot).isNotEmptyFile();
        }
    }
}
