package dev.barrage.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code speed_benchmark.json} of a {@code speed_benchmark} run, as evalscope writes it: one row
 * per prompt length with {@code Speed(tokens/s)}, the mean over successful requests of
 * completion tokens / latency (TTFT included, evalscope's definition), and {@code GPU Memory(GB)}
 * (null: Barrage does not run the model). Barrage adds {@code Decode Speed(tokens/s)}, the mean of
 * (completion tokens − 1) / (latency − TTFT), which leaves the prefill out, and {@code Requests}.
 * Read from the run's {@code benchmark_data.db}, as evalscope does.
 */
public final class SpeedBenchmarkTable {
    public static final String FILE_NAME = "speed_benchmark.json";

    private static final String QUERY = """
            SELECT prompt_tokens,
                   ROUND(AVG(completion_tokens / latency), 2),
                   ROUND(AVG(CASE WHEN completion_tokens > 1 AND latency > first_chunk_latency AND is_stream = 1
                             THEN (completion_tokens - 1) / (latency - first_chunk_latency) END), 2),
                   COUNT(*)
            FROM result
            WHERE success = 1 AND latency > 0 AND prompt_tokens IS NOT NULL AND completion_tokens IS NOT NULL
            GROUP BY prompt_tokens
            ORDER BY prompt_tokens""";

    private SpeedBenchmarkTable() {
    }

    /** The rows, one per prompt length, from the database of a finished run. */
    public static List<Map<String, Object>> read(Path database) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(QUERY)) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("Prompt Tokens", rs.getInt(1));
                row.put("Speed(tokens/s)", rs.getDouble(2));
                row.put("GPU Memory(GB)", null);
                double decode = rs.getDouble(3);
                row.put("Decode Speed(tokens/s)", rs.wasNull() ? null : decode);
                row.put("Requests", rs.getInt(4));
                rows.add(row);
            }
        }
        return rows;
    }
}
