package dev.barrage.servermetrics;

import dev.barrage.config.Arguments;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Server-metrics scraping as one run sees it: {@link #start} just before the first request,
 * {@link #stop} just after the last response, then {@link #summaryEntries} for
 * {@code benchmark_summary.json} and {@link #lines} for the console. Without
 * {@code --server-metrics} every method is a no-op.
 */
public final class ServerMetricsRun {
    /** "Server Metrics" in benchmark_summary.json. */
    public static final String SUMMARY_KEY = "Server Metrics";
    /** "Server vs Client" in benchmark_summary.json. */
    public static final String COMPARISON_KEY = "Server vs Client";

    private final ServerMetricsScraper scraper;
    private List<ServerMetricsScraper.Totals> totals = List.of();

    private ServerMetricsRun(ServerMetricsScraper scraper) {
        this.scraper = scraper;
    }

    /**
     * Scrapes once (waiting for it) and keeps scraping on a thread of its own.
     *
     * @param urls     the --server-metrics URLs; none: nothing happens
     * @param database the run's benchmark_data.db, already created
     */
    public static ServerMetricsRun start(List<String> urls, double intervalS, Path database, Consumer<String> warn)
            throws InterruptedException {
        if (urls.isEmpty()) {
            return new ServerMetricsRun(null);
        }
        List<ServerMetricsScraper.Endpoint> endpoints = new ArrayList<>();
        for (String url : urls) {
            endpoints.add(new ServerMetricsScraper.Endpoint(url, Arguments.maskUrl(url)));
        }
        ServerMetricsScraper scraper = new ServerMetricsScraper(endpoints, intervalS, database, warn);
        scraper.start();
        return new ServerMetricsRun(scraper);
    }

    /** The last scrape, then the store is closed: call before the result store is closed. */
    public void stop() throws InterruptedException {
        if (scraper != null) {
            totals = scraper.stop();
        }
    }

    /**
     * "Server Metrics" and "Server vs Client" from the run's database; empty when nothing was
     * scraped. A database that cannot be read gives a "Server Metrics" holding only the reason.
     */
    public static Map<String, Object> summaryEntries(Path database, RunSummary summary, PercentileTable percentiles) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            List<ServerMetricsSummary.Endpoint> endpoints = ServerMetricsSummary.read(database);
            if (endpoints.isEmpty()) {
                return m;
            }
            m.put(SUMMARY_KEY, ServerMetricsSummary.toJson(endpoints));
            int warmup = summary.schedule() == null ? 0 : summary.schedule().warmupRequests();
            Map<String, Object> comparison = ServerVsClient.compare(endpoints,
                    ServerVsClient.Client.of(summary, percentiles, database, warmup));
            if (!comparison.isEmpty()) {
                m.put(COMPARISON_KEY, comparison);
            }
        } catch (SQLException | RuntimeException e) {
            m.put(SUMMARY_KEY, Map.of("error", "the scrapes in " + database + " cannot be read: " + e.getMessage()));
        }
        return m;
    }

    /** Console lines: each endpoint's gist, failures, and the server-vs-client comparison. */
    @SuppressWarnings("unchecked")
    public List<String> lines(Map<String, Object> entries) {
        List<String> lines = new ArrayList<>();
        if (entries.get(SUMMARY_KEY) instanceof Map<?, ?> endpoints) {
            endpoints.forEach((endpoint, value) -> {
                if (value instanceof Map<?, ?> e && e.containsKey("scrapes")) {
                    lines.add(gist(String.valueOf(endpoint), (Map<String, Object>) e));
                }
            });
        }
        if (entries.get(COMPARISON_KEY) instanceof Map<?, ?> comparison) {
            lines.addAll(ServerVsClient.lines((Map<String, Object>) comparison));
        }
        return lines;
    }

    /** Failures of this run, one line per endpoint with any; for a warning. */
    public List<String> failures() {
        List<String> out = new ArrayList<>();
        for (ServerMetricsScraper.Totals t : totals) {
            if (t.failures() > 0) {
                out.add(String.format(Locale.ROOT, "server metrics: %d of %d scrapes of %s failed (last: %s).",
                        t.failures(), t.scrapes(), t.endpoint(), t.lastError()));
            }
        }
        return out;
    }

    private static String gist(String endpoint, Map<String, Object> e) {
        StringBuilder sb = new StringBuilder("Server metrics (").append(e.get("engine") == null ? "unknown engine"
                : e.get("engine")).append(", ").append(endpoint).append(", ").append(e.get("scrapes")).append(" scrapes");
        if (((Number) e.get("failed_scrapes")).intValue() > 0) {
            sb.append(", ").append(e.get("failed_scrapes")).append(" failed");
        }
        sb.append(")");
        List<String> parts = new ArrayList<>();
        gauge(parts, e, "running_requests", "running", 1, "");
        gauge(parts, e, "waiting_requests", "waiting", 1, "");
        gauge(parts, e, "kv_cache_usage", "KV cache", 100, " %");
        if (e.get("preemptions") instanceof Map<?, ?> p && p.get("increase") instanceof Number n) {
            parts.add("preemptions " + fmt(n.doubleValue()));
        }
        if (!parts.isEmpty()) {
            sb.append(": ").append(String.join(", ", parts));
        }
        return sb.append('.').toString();
    }

    private static void gauge(List<String> parts, Map<String, Object> e, String concept, String name, double scale,
            String unit) {
        if (e.get(concept) instanceof Map<?, ?> g && g.get("max") instanceof Number max) {
            Number min = (Number) g.get("min");
            Number mean = (Number) g.get("mean");
            parts.add(String.format(Locale.ROOT, "%s %s–%s%s (mean %s)", name, fmt(min.doubleValue() * scale),
                    fmt(max.doubleValue() * scale), unit, fmt(mean.doubleValue() * scale)));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
