package dev.barrage.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.metrics.Rounding;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-run aggregates of the scrapes a run's database holds, per endpoint: which engine it is,
 * how many scrapes failed and why, and for each concept of the {@link EngineMapping} that the
 * pages carried, gauges as min/mean/max/last, counters as their increase over the run, histograms
 * as count, mean and quantiles of the run's observations. Read from the database (not from memory)
 * so that {@code barrage report} rebuilds exactly what {@code perf} wrote. Definitions:
 * docs/metrics.md, "Server metrics".
 */
public final class ServerMetricsSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One endpoint's aggregates. @param histograms concept to its window, for comparison with the client */
    public record Endpoint(String endpoint, String engine, int scrapes, int failedScrapes, String lastError,
            double windowS, long samples, Map<String, Object> concepts, Map<String, HistogramWindow> histograms,
            Map<String, Double> increases, boolean promptTokensExcludeCached) {

        /** The JSON object under the endpoint in benchmark_summary.json's "Server Metrics". */
        public Map<String, Object> toJsonMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", engine);
            m.put("scrapes", scrapes);
            m.put("failed_scrapes", failedScrapes);
            m.put("last_error", lastError);
            m.put("window_s", Rounding.round4(windowS));
            m.put("samples_stored", samples);
            m.putAll(concepts);
            return m;
        }
    }

    private ServerMetricsSummary() {
    }

    /** Every endpoint scraped during the run, in the order first scraped; empty when none was. */
    public static List<Endpoint> read(Path database) throws SQLException {
        if (!Files.isRegularFile(database)) {
            return List.of();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
            if (!hasTable(c)) {
                return List.of();
            }
            List<Endpoint> endpoints = new ArrayList<>();
            for (Map.Entry<String, int[]> e : scrapeCounts(c).entrySet()) {
                endpoints.add(endpoint(c, e.getKey(), e.getValue()));
            }
            return endpoints;
        }
    }

    /** "Server Metrics" of benchmark_summary.json: endpoint label to its aggregates. */
    public static Map<String, Object> toJson(List<Endpoint> endpoints) {
        Map<String, Object> m = new LinkedHashMap<>();
        endpoints.forEach(e -> m.put(e.endpoint(), e.toJsonMap()));
        return m;
    }

    private static boolean hasTable(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?")) {
            s.setString(1, ServerMetricsStore.SCRAPES_TABLE);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Endpoint to {scrapes, failures}, in first-scrape order. */
    private static Map<String, int[]> scrapeCounts(Connection c) throws SQLException {
        Map<String, int[]> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT endpoint, error FROM "
                + ServerMetricsStore.SCRAPES_TABLE + " ORDER BY rowid")) {
            while (rs.next()) {
                int[] n = counts.computeIfAbsent(rs.getString(1), k -> new int[2]);
                n[0]++;
                if (rs.getString(2) != null) {
                    n[1]++;
                }
            }
        }
        return counts;
    }

    private static Endpoint endpoint(Connection c, String endpoint, int[] counts) throws SQLException {
        String lastError = null;
        double first = Double.NaN;
        double last = Double.NaN;
        try (PreparedStatement s = c.prepareStatement("SELECT timestamp, error FROM "
                + ServerMetricsStore.SCRAPES_TABLE + " WHERE endpoint=? ORDER BY rowid")) {
            s.setString(1, endpoint);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        lastError = rs.getString(2);
                    } else {
                        first = Double.isNaN(first) ? rs.getDouble(1) : first;
                        last = rs.getDouble(1);
                    }
                }
            }
        }
        Set<String> names = names(c, endpoint);
        EngineMapping mapping = EngineMapping.builtIn();
        EngineMapping.Engine engine = mapping.detect(names);
        Map<String, String> chosen = engine == null ? Map.of() : choose(engine, mapping, names);
        Aggregation agg = new Aggregation(mapping, chosen, first);
        long samples = agg.scan(c, endpoint);
        return new Endpoint(endpoint, engine == null ? null : engine.name(), counts[0], counts[1], lastError,
                Double.isNaN(first) ? 0 : last - first, samples, agg.concepts(), agg.histograms, agg.increases,
                engine != null && engine.promptTokensExcludeCached());
    }

    private static Set<String> names(Connection c, String endpoint) throws SQLException {
        Set<String> names = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT name FROM " + ServerMetricsStore.SAMPLES_TABLE
                + " WHERE endpoint=?")) {
            s.setString(1, endpoint);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Concept to the metric used for it: the engine's first name for it that the pages carry. */
    private static Map<String, String> choose(EngineMapping.Engine engine, EngineMapping mapping, Set<String> names) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (EngineMapping.Concept concept : mapping.concepts().values()) {
            for (String metric : engine.namesOf(concept.name())) {
                String probe = concept.histogram() ? metric + "_bucket" : metric;
                if (names.contains(probe) || concept.histogram() && names.contains(metric + "_count")) {
                    chosen.put(concept.name(), metric);
                    break;
                }
            }
        }
        return chosen;
    }

    /** One pass over an endpoint's samples, folding the chosen metrics into windows. */
    private static final class Aggregation {
        private final EngineMapping mapping;
        private final Map<String, String> chosen;
        /** Sample name to (concept, part): part is "value", "bucket", "sum" or "count". */
        private final Map<String, String[]> wanted = new HashMap<>();
        private final double firstScrape;
        private final Map<String, GaugeWindow> gauges = new LinkedHashMap<>();
        private final Map<String, Map<String, CounterWindow>> counters = new LinkedHashMap<>();
        final Map<String, HistogramWindow> histograms = new LinkedHashMap<>();
        final Map<String, Double> increases = new LinkedHashMap<>();
        /* the scrape being folded: one gauge value per concept, combined over its series */
        private double scrapeTime = Double.NaN;
        private final Map<String, double[]> scrapeGauges = new HashMap<>();

        Aggregation(EngineMapping mapping, Map<String, String> chosen, double firstScrape) {
            this.mapping = mapping;
            this.chosen = chosen;
            this.firstScrape = firstScrape;
            chosen.forEach((concept, metric) -> {
                if (mapping.concepts().get(concept).histogram()) {
                    wanted.put(metric + "_bucket", new String[] {concept, "bucket"});
                    wanted.put(metric + "_sum", new String[] {concept, "sum"});
                    wanted.put(metric + "_count", new String[] {concept, "count"});
                } else {
                    wanted.put(metric, new String[] {concept, "value"});
                }
            });
        }

        long scan(Connection c, String endpoint) throws SQLException {
            long rows = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT timestamp, name, labels, value FROM "
                    + ServerMetricsStore.SAMPLES_TABLE + " WHERE endpoint=? ORDER BY rowid")) {
                s.setString(1, endpoint);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        String[] target = wanted.get(rs.getString(2));
                        if (target != null) {
                            double value = rs.getDouble(4);
                            fold(rs.getDouble(1), target, rs.getString(3), rs.wasNull() ? Double.NaN : value);
                        }
                    }
                }
            }
            endScrape();
            return rows;
        }

        private void fold(double time, String[] target, String labels, double value) {
            if (time != scrapeTime) {
                endScrape();
                scrapeTime = time;
            }
            EngineMapping.Concept concept = mapping.concepts().get(target[0]);
            boolean late = time > firstScrape;
            if (concept.gauge()) {
                if (!Double.isNaN(value)) {
                    double[] acc = scrapeGauges.computeIfAbsent(concept.name(), k -> new double[2]);
                    acc[0] += value;
                    acc[1]++;
                }
            } else if (concept.counter()) {
                counter(concept.name(), labels).add(value, late);
            } else {
                String series = target[1].equals("bucket") ? withoutLe(labels) : labels;
                counter(concept.name() + "\u0000" + target[1], series + "\u0000" + le(target[1], labels)).add(value, late);
            }
        }

        private CounterWindow counter(String key, String series) {
            return counters.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(series,
                    k -> new CounterWindow());
        }

        private void endScrape() {
            scrapeGauges.forEach((concept, acc) -> {
                boolean mean = mapping.concepts().get(concept).across().equals("mean");
                gauges.computeIfAbsent(concept, k -> new GaugeWindow()).add(mean ? acc[0] / acc[1] : acc[0]);
            });
            scrapeGauges.clear();
        }

        /** The concepts' JSON objects, in the mapping's order. */
        Map<String, Object> concepts() {
            for (Map.Entry<String, Map<String, CounterWindow>> e : counters.entrySet()) {
                String[] key = e.getKey().split("\u0000", 2);
                if (key.length == 1) {
                    increases.put(key[0], e.getValue().values().stream().mapToDouble(CounterWindow::increase).sum());
                    continue;
                }
                HistogramWindow h = histograms.computeIfAbsent(key[0], k -> new HistogramWindow());
                for (Map.Entry<String, CounterWindow> s : e.getValue().entrySet()) {
                    double increase = s.getValue().increase();
                    switch (key[1]) {
                        case "bucket" -> h.addBucket(parseLe(s.getKey().substring(s.getKey().indexOf('\u0000') + 1)),
                                increase);
                        case "sum" -> h.addSum(increase);
                        default -> h.addCount(increase);
                    }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : chosen.entrySet()) {
                String concept = e.getKey();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("metric", e.getValue());
                if (gauges.containsKey(concept)) {
                    GaugeWindow g = gauges.get(concept);
                    m.put("min", Rounding.round4(g.min()));
                    m.put("mean", Rounding.round4(g.mean()));
                    m.put("max", Rounding.round4(g.max()));
                    m.put("last", Rounding.round4(g.last()));
                } else if (increases.containsKey(concept)) {
                    m.put("increase", Rounding.round4(increases.get(concept)));
                    m.put("resets", counters.get(concept).values().stream().mapToInt(CounterWindow::resets).sum());
                } else if (histograms.containsKey(concept)) {
                    HistogramWindow h = histograms.get(concept);
                    m.put("count", Rounding.round4(h.count()));
                    m.put("mean_ms", ms(h.mean()));
                    m.put("p50_ms", ms(h.quantile(0.50)));
                    m.put("p90_ms", ms(h.quantile(0.90)));
                    m.put("p99_ms", ms(h.quantile(0.99)));
                } else {
                    continue; // chosen, but every value was NaN
                }
                out.put(concept, m);
            }
            return out;
        }

        private static Object ms(double seconds) {
            return Double.isNaN(seconds) ? null : Rounding.round4(seconds * 1000);
        }

        private static String le(String part, String labels) {
            if (!part.equals("bucket")) {
                return "";
            }
            try {
                return JSON.readTree(labels).path("le").asText("");
            } catch (java.io.IOException e) {
                return "";
            }
        }

        private static String withoutLe(String labels) {
            try {
                JsonNode node = JSON.readTree(labels);
                if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                    object.remove("le");
                    Map<String, String> rest = new java.util.TreeMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        rest.put(f.getKey(), f.getValue().asText());
                    }
                    return ServerMetricsStore.labelsJson(rest);
                }
            } catch (java.io.IOException e) {
                // stored by Barrage, always JSON; a hand-edited row is read as its own series
            }
            return labels;
        }

        private static double parseLe(String le) {
            if (le.equalsIgnoreCase("+Inf") || le.equalsIgnoreCase("inf")) {
                return Double.POSITIVE_INFINITY;
            }
            try {
                return Double.parseDouble(le);
            } catch (NumberFormatException e) {
                return Double.POSITIVE_INFINITY;
            }
        }
    }
}
