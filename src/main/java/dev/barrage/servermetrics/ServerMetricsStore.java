package dev.barrage.servermetrics;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes scrapes into the run's {@code benchmark_data.db}, beside the {@code result} table, on a
 * connection of its own: {@code server_metrics} (one row per sample) and
 * {@code server_metrics_scrapes} (one row per scrape, failed ones with their reason).
 *
 * <p>Why a second connection rather than handing samples to the collector thread: the collector
 * stays the only writer of {@code result} and knows nothing of scraping, and a slow scrape never
 * delays request records. The database is in WAL mode while the run lasts, so the two writers
 * only ever wait for each other's commit (one transaction per scrape here, one per batch there;
 * SQLite's busy timeout covers the wait). This store must be closed before the result store,
 * whose close leaves WAL mode, which needs the file to itself.
 *
 * <p>Single-threaded: used by one scraper thread at a time (the run's thread for the first and
 * last scrape, the scraper's own thread in between, handed over by {@link Thread#join}).
 */
final class ServerMetricsStore implements AutoCloseable {
    static final String SAMPLES_TABLE = "server_metrics";
    static final String SCRAPES_TABLE = "server_metrics_scrapes";
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private final Connection connection;
    private final PreparedStatement insertSample;
    private final PreparedStatement insertScrape;

    ServerMetricsStore(Path database) throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL"); // as the result store: a commit per scrape must not wait for the disk
            s.execute("CREATE TABLE IF NOT EXISTS " + SAMPLES_TABLE
                    + "(timestamp REAL, endpoint TEXT, name TEXT, labels TEXT, value REAL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + SCRAPES_TABLE
                    + "(timestamp REAL, endpoint TEXT, duration REAL, samples INTEGER, error TEXT)");
        }
        connection.setAutoCommit(false);
        insertSample = connection.prepareStatement("INSERT INTO " + SAMPLES_TABLE + " VALUES (?,?,?,?,?)");
        insertScrape = connection.prepareStatement("INSERT INTO " + SCRAPES_TABLE + " VALUES (?,?,?,?,?)");
    }

    /**
     * One scrape, in one transaction.
     *
     * @param timestampS when it was sent, in seconds on the clock of {@code result.start_time}
     * @param samples    empty for a failed scrape
     * @param error      why it failed, or {@code null}
     */
    void add(double timestampS, String endpoint, double durationS, List<Sample> samples, String error)
            throws SQLException {
        for (Sample sample : samples) {
            insertSample.setDouble(1, timestampS);
            insertSample.setString(2, endpoint);
            insertSample.setString(3, sample.name());
            insertSample.setString(4, labelsJson(sample.labels()));
            if (Double.isNaN(sample.value())) {
                insertSample.setNull(5, Types.REAL); // SQLite has no NaN: it would store NULL anyway
            } else {
                insertSample.setDouble(5, sample.value());
            }
            insertSample.addBatch();
        }
        if (!samples.isEmpty()) {
            insertSample.executeBatch();
        }
        insertScrape.setDouble(1, timestampS);
        insertScrape.setString(2, endpoint);
        insertScrape.setDouble(3, durationS);
        insertScrape.setInt(4, samples.size());
        insertScrape.setString(5, error);
        insertScrape.executeUpdate();
        connection.commit();
    }

    /** {@code {"a":"1","b":"x\"y"}}, keys sorted, so equal label sets are equal text (SQL can group on it). */
    static String labelsJson(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(16 * labels.size()).append('{');
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            quote(sb, e.getKey()).append(':');
            quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }

    @Override
    public void close() throws SQLException {
        try {
            insertSample.close();
            insertScrape.close();
        } finally {
            connection.close();
        }
    }
}
