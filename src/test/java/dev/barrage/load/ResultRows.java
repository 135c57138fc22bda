package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what a run wrote: its {@code result} rows in request order, and its summary. */
final class ResultRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultRows() {
    }

    /** Every row of run {@code run}'s benchmark_data.db, column name to value, ordered by request id. */
    static List<Map<String, Object>> of(BenchmarkResults r, int run) throws Exception {
        return of(r.runs().get(run).folder());
    }

    /** Every row of the benchmark_data.db in run folder {@code folder}, ordered by request id. */
    static List<Map<String, Object>> of(Path folder) throws Exception {
        Path db = folder.resolve("benchmark_data.db");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM result ORDER BY CAST(request_id AS INT)")) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Run {@code run}'s benchmark_summary.json. */
    static JsonNode summary(BenchmarkResults r, int run) throws Exception {
        return JSON.readTree(r.runs().get(run).folder().resolve("benchmark_summary.json").toFile());
    }
}
