package dev.barrage.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Barrage;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.load.StopSignal;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's metric-view switch in a real headless Chromium: one table at a time, changed by a click. */
class MetricViewBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The ids of the panels the browser displays. */
    private static final String VISIBLE = "JSON.stringify([...document.querySelectorAll('.mview')]"
            + ".filter(p => getComputedStyle(p).display !== 'none').map(p => p.id))";

    @TempDir
    Path tmp;

    @Test
    void theSwitchShowsOneViewAtATime() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.executable() != null, "chromium is not installed: skipped");
        BenchmarkResults results;
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(5).itlMs(1).build())) {
            results = Barrage.runPerfBenchmark(Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions")
                    .model("m").outputsDir(tmp).sleepInterval(0.0).parallel(1, 2).number(3, 6).maxTokens(4)
                    .metricViews(List.of("vllm", "aiperf")).build(),
                    new Console(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false),
                    new StopSignal());
        }
        Path report = results.outputDir().resolve(HtmlReport.FILE_NAME);
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(report.toUri().toString());
            assertThat(JSON.readTree(browser.evaluate(VISIBLE).asText())).hasSize(1).first()
                    .extracting(n -> n.asText()).isEqualTo("mvp-native");
            browser.evaluate("document.querySelector('label[for=mv-aiperf]').click(); 'ok'");
            assertThat(JSON.readTree(browser.evaluate(VISIBLE).asText())).hasSize(1).first()
                    .extracting(n -> n.asText()).isEqualTo("mvp-aiperf");
            assertThat(browser.evaluate("document.querySelectorAll('#mvp-aiperf tbody tr').length").asInt())
                    .as("one row per run").isEqualTo(2);
            browser.screenshot(Path.of("target", "metric-views-screenshot.png"));
            assertThat(browser.errors()).isEmpty();
        }
    }
}
