package dev.barrage.servermetrics;

import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.Rounding;
import dev.barrage.metrics.RunSummary;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's own view of a run next to Barrage's: server-side TTFT and end-to-end latency (from
 * the servers' histograms, diffed over the run) beside the client's, the difference being network,
 * HTTP and client overhead; and the servers' token counters beside Barrage's token totals (a
 * reconciliation). Several endpoints (replicas) add up. Definitions: docs/metrics.md, "Server vs
 * client".
 */
public final class ServerVsClient {
    /** Barrage's figures of the run. Latencies in ms; token totals over the result table's rows. */
    public record Client(double ttftMeanMs, double ttftP50Ms, double ttftP99Ms, double e2eMeanMs, double e2eP50Ms,
            double e2eP99Ms, int successRequests, long promptTokens, long completionTokens, int warmupRequests) {

        /**
         * @param database the run's benchmark_data.db, for exact token totals
         * @param warmupRequests warm-up requests sent in the run: the server counted them too
         */
        public static Client of(RunSummary summary, PercentileTable percentiles, Path database, int warmupRequests)
                throws SQLException {
            long prompt = 0;
            long completion = 0;
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            try (Connection c = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT SUM(prompt_tokens), SUM(completion_tokens) FROM result")) {
                if (rs.next()) {
                    prompt = rs.getLong(1);
                    completion = rs.getLong(2);
                }
            }
            return new Client(summary.avgTtftMs(), percentiles.value(PercentileTable.TTFT, "50%"),
                    percentiles.value(PercentileTable.TTFT, "99%"), summary.avgLatencyS() * 1000,
                    percentiles.value(PercentileTable.LATENCY, "50%") * 1000,
                    percentiles.value(PercentileTable.LATENCY, "99%") * 1000, summary.successRequests(), prompt,
                    completion, warmupRequests);
        }
    }

    private ServerVsClient() {
    }

    /** "Server vs Client" of benchmark_summary.json; empty when no endpoint had anything to compare. */
    public static Map<String, Object> compare(List<ServerMetricsSummary.Endpoint> endpoints, Client client) {
        Map<String, Object> m = new LinkedHashMap<>();
        latency(m, "ttft", merged(endpoints, "ttft"), client.ttftMeanMs(), client.ttftP50Ms(), client.ttftP99Ms(),
                client.successRequests());
        latency(m, "e2e_latency", merged(endpoints, "e2e_latency"), client.e2eMeanMs(), client.e2eP50Ms(),
                client.e2eP99Ms(), client.successRequests());
        Map<String, Object> tokens = tokens(endpoints, client);
        if (!tokens.isEmpty()) {
            m.put("tokens", tokens);
        }
        return m;
    }

    /** One console line per compared figure; none when nothing was compared. */
    public static List<String> lines(Map<String, Object> comparison) {
        List<String> lines = new java.util.ArrayList<>();
        for (String key : List.of("ttft", "e2e_latency")) {
            if (comparison.get(key) instanceof Map<?, ?> f) {
                lines.add(String.format(Locale.ROOT, "Server vs client %s: mean %s vs %s ms (the client's extra:"
                        + " %s ms of network, HTTP and client); p50 %s vs %s ms, p99 %s vs %s ms (the server's"
                        + " interpolated in its histogram buckets).", key.equals("ttft") ? "TTFT" : "latency",
                        oneDecimal(f.get("server_mean_ms")), oneDecimal(f.get("client_mean_ms")),
                        oneDecimal(f.get("overhead_mean_ms")), oneDecimal(f.get("server_p50_ms")),
                        oneDecimal(f.get("client_p50_ms")), oneDecimal(f.get("server_p99_ms")),
                        oneDecimal(f.get("client_p99_ms"))));
            }
        }
        if (comparison.get("tokens") instanceof Map<?, ?> t) {
            lines.add("Token reconciliation: server counted " + t.get("server_prompt_tokens") + " prompt and "
                    + t.get("server_generation_tokens") + " generated tokens, Barrage " + t.get("client_prompt_tokens")
                    + " and " + t.get("client_generation_tokens") + " (differences " + t.get("prompt_diff_percent")
                    + " % and " + t.get("generation_diff_percent") + " %" + (((Number) t.get("warmup_requests")).intValue()
                    > 0 ? "; the server's counts include " + t.get("warmup_requests") + " warm-up requests" : "")
                    + ").");
        }
        return lines;
    }

    private static String oneDecimal(Object ms) {
        return ms instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "?";
    }

    private static HistogramWindow merged(List<ServerMetricsSummary.Endpoint> endpoints, String concept) {
        HistogramWindow merged = null;
        for (ServerMetricsSummary.Endpoint e : endpoints) {
            HistogramWindow h = e.histograms().get(concept);
            if (h != null) {
                merged = merged == null ? new HistogramWindow() : merged;
                merged.addAll(h);
            }
        }
        return merged;
    }

    private static void latency(Map<String, Object> out, String key, HistogramWindow server, double clientMean,
            double clientP50, double clientP99, int clientCount) {
        if (server == null || !(server.count() > 0)) {
            return;
        }
        double serverMean = server.mean() * 1000;
        double serverP50 = server.quantile(0.5) * 1000;
        double serverP99 = server.quantile(0.99) * 1000;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_count", Rounding.round4(server.count()));
        m.put("client_count", clientCount);
        m.put("server_mean_ms", Rounding.round4(serverMean));
        m.put("client_mean_ms", Rounding.round4(clientMean));
        m.put("overhead_mean_ms", Rounding.round4(clientMean - serverMean));
        m.put("server_p50_ms", Rounding.round4(serverP50));
        m.put("client_p50_ms", Rounding.round4(clientP50));
        m.put("overhead_p50_ms", Rounding.round4(clientP50 - serverP50));
        m.put("server_p99_ms", Rounding.round4(serverP99));
        m.put("client_p99_ms", Rounding.round4(clientP99));
        m.put("overhead_p99_ms", Rounding.round4(clientP99 - serverP99));
        out.put(key, m);
    }

    private static Map<String, Object> tokens(List<ServerMetricsSummary.Endpoint> endpoints, Client client) {
        double prompt = 0;
        double generated = 0;
        boolean any = false;
        for (ServerMetricsSummary.Endpoint e : endpoints) {
            Double p = e.increases().get("prompt_tokens");
            Double g = e.increases().get("generation_tokens");
            if (p != null || g != null) {
                any = true;
            }
            prompt += p == null ? 0 : p;
            if (e.promptTokensExcludeCached()) {
                prompt += e.increases().getOrDefault("cached_prompt_tokens", 0.0);
            }
            generated += g == null ? 0 : g;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (!any) {
            return m;
        }
        m.put("server_prompt_tokens", Math.round(prompt));
        m.put("client_prompt_tokens", client.promptTokens());
        m.put("prompt_diff_percent", percent(client.promptTokens(), prompt));
        m.put("server_generation_tokens", Math.round(generated));
        m.put("client_generation_tokens", client.completionTokens());
        m.put("generation_diff_percent", percent(client.completionTokens(), generated));
        m.put("warmup_requests", client.warmupRequests());
        return m;
    }

    /** (client − server) / server × 100, rounded to 2 decimals; null when the server counted nothing. */
    private static Double percent(long client, double server) {
        return server > 0 ? Rounding.round(100 * (client - server) / server, 2) : null;
    }
}
