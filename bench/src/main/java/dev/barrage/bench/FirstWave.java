package dev.barrage.bench;

import dev.barrage.metrics.Percentiles;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run.sh --first-wave}: one run folder's TTFT p50 and p99 and the mean TTFT of each
 * wave of {@code parallel} requests in send order, from its {@code benchmark_data.db} — the
 * figures issue 12 judges a cold first wave by.
 *
 * <p>Usage: {@code FirstWave <step folder> <parallel>}; prints one line.
 */
public final class FirstWave {
    private FirstWave() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0], "benchmark_data.db");
        int parallel = Integer.parseInt(args[1]);
        List<Double> ttftMs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rs = c.createStatement().executeQuery(
                        "SELECT first_chunk_latency FROM result WHERE success = 1 ORDER BY start_time")) {
            while (rs.next()) {
                ttftMs.add(rs.getDouble(1) * 1000);
            }
        }
        double[] sorted = ttftMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.println("no successful request in " + db);
            System.exit(1);
        }
        StringBuilder waves = new StringBuilder();
        for (int from = 0; from < ttftMs.size(); from += parallel) {
            double mean = ttftMs.subList(from, Math.min(ttftMs.size(), from + parallel)).stream()
                    .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            waves.append(String.format(Locale.ROOT, " %.2f", mean));
        }
        System.out.println(String.format(Locale.ROOT, "%d requests: TTFT p50 %.2f ms, p99 %.2f ms; mean TTFT per wave"
                + " of %d (ms):%s", sorted.length, Percentiles.of(sorted, 50), Percentiles.of(sorted, 99), parallel,
                waves));
    }
}
