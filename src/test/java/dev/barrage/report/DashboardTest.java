package dev.barrage.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.dashboard.DashboardServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code barrage dashboard} over an outputs folder holding two sweeps: the list, a report and a
 * comparison, over real HTTP and in headless Chromium. (In package {@code report} to share the
 * sweeps and the browser driver with the report tests.)
 */
class DashboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path outputs;

    private DashboardServer serveTwoSweeps() throws Exception {
        SweepFixture.copy(SweepFixture.sweepA().outputDir(), outputs);
        SweepFixture.copy(SweepFixture.sweepB().outputDir(), outputs);
        return DashboardServer.start(outputs, 0);
    }

    private HttpResponse<String> get(DashboardServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsRunsAndServesReportsOnlyForRunsItFound() throws Exception {
        try (DashboardServer server = serveTwoSweeps()) {
            JsonNode runs = JSON.readTree(get(server, "/api/runs").body());
            assertThat(runs).hasSize(2);
            String id = runs.get(0).get("id").asText();
            assertThat(id).matches("\\d{8}_\\d{6}/sweep-[ab]");
            HttpResponse<String> report = get(server, "/report?run=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).contains("Barrage performance report").doesNotContain(SweepFixture.SECRET);
            assertThat(get(server, "/report?run=..%2F..%2Fetc").statusCode()).isEqualTo(404);
            assertThat(get(server, "/report").statusCode()).isEqualTo(404);
            assertThat(get(server, "/nothing-here").statusCode()).isEqualTo(404);
            assertThat(get(server, "/").body()).contains("2 sweep(s)").contains("sweep-a").contains("sweep-b");
        }
    }

    @Test
    void pagesDrawInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.executable() != null,
                "chromium is not installed (apt-get install -y chromium): browser test skipped");
        try (DashboardServer server = serveTwoSweeps(); HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(server.url());
            assertThat(browser.evaluate("document.querySelectorAll('tr.run').length").asInt()).isEqualTo(2);
            // pick A and B in the form and submit it, as a person would
            browser.evaluate("document.querySelectorAll('input[name=a]')[0].checked = true;"
                    + "document.querySelectorAll('input[name=b]')[1].checked = true; true");
            String compareUrl = browser.evaluate("(function(){var f=document.forms[0];"
                    + "return '/compare?' + new URLSearchParams(new FormData(f)).toString();})()").asText();
            String reportUrl = browser.evaluate("document.querySelector('tr.run a').getAttribute('href')").asText();
            assertThat(browser.errors()).isEmpty();
            ReportBrowserTest.checkPage(server.url() + reportUrl.substring(1), 5 + 2 + 3 * 2,
                    Path.of("target", "dashboard-report-screenshot.png"));
            ReportBrowserTest.checkPage(server.url() + compareUrl.substring(1), 5 + 3 * 2,
                    Path.of("target", "dashboard-compare-screenshot.png"));
            browser.open(server.url());
            browser.screenshot(Path.of("target", "dashboard-screenshot.png"));
        }
    }
}
