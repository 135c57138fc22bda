package dev.barrage.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.BarrageException;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.ResponseWarning;
import dev.barrage.metrics.TokenCounts;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code benchmark_data.db} back into {@link RequestRecord}s, so that every derived file
 * (summary, percentiles, report) can be rebuilt from the database alone.
 *
 * <p>The table stores times in seconds, as doubles; they are turned back into whole nanoseconds
 * by rounding. Differences (latency, TTFT, the inter-token gaps) are stored as differences, so
 * they come back exact and the summary and percentiles are recomputed to the last bit. Absolute
 * times ({@code start_time}) come back exact while the monotonic clock reads less than about
 * 10<sup>15</sup> ns (11 days of uptime); beyond that they can be off by a nanosecond or two,
 * which moves a 4-decimal test duration only in rare ties.
 *
 * <p>The concurrency-slot time is rebuilt from {@code queue_time} (slot = intended send + queue
 * time when the request queued, else none), which gives back the exact queue time and the same
 * dispatch lag. Token event times are rebuilt as first token = send + {@code first_chunk_latency}, then the
 * stored gaps. Where there is no first-token time (failed or non-streamed requests), the events
 * are anchored at the first response byte; only their gaps are meaningful then.
 *
 * <p>The file is opened read-only and never changed. Single-threaded, called from the main thread.
 */
public final class ResultReader {
    private static final double NANOS_PER_S = 1e9;

    private ResultReader() {
    }

    /** Every row of table {@code result}, in insertion order. Exit code 2 if the file is unreadable. */
    public static List<RequestRecord> read(Path db) {
        if (!Files.isRegularFile(db)) {
            throw BarrageException.invalidInput("No result database at '" + db + "'.");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM result ORDER BY rowid")) {
            List<RequestRecord> records = new ArrayList<>();
            while (rs.next()) {
                records.add(record(rs, records.size()));
            }
            return records;
        } catch (SQLException e) {
            throw BarrageException.invalidInput("Cannot read the result database '" + db + "': " + e.getMessage() + ".");
        }
    }

    /** @param row the row's position, the index when {@code request_id} holds a trace's own id */
    private static RequestRecord record(ResultSet rs, int row) throws SQLException {
        long send = nanos(rs.getDouble("start_time"));
        long end = send + nanos(rs.getDouble("latency"));
        double firstByteS = nullableDouble(rs, "first_byte_latency");
        long firstByte = Double.isNaN(firstByteS) ? 0 : send + nanos(firstByteS);
        boolean stream = rs.getInt("is_stream") == 1;
        boolean success = rs.getInt("success") == 1;
        double firstChunkS = nullableDouble(rs, "first_chunk_latency");
        long[] gaps = parseGaps(rs.getString("inter_token_latencies"));
        int events = rs.getInt("token_events");
        long anchor = stream && success && !Double.isNaN(firstChunkS) ? send + nanos(firstChunkS) : firstByte;
        long[] tokens = tokenTimes(anchor, gaps, events);
        String[] text = messages(rs.getString("response_messages"));
        long intended = nanos(rs.getDouble("intended_start_time"));
        double queueS = optionalDouble(rs, "queue_time");
        int status = nullableInt(rs, "status_code");
        return new RequestRecord(
                index(rs.getString("request_id"), row),
                rs.getString("request"),
                stream,
                rs.getLong("start_epoch_ms"),
                intended,
                queueS > 0 ? intended + nanos(queueS) : 0,
                send,
                firstByte,
                end,
                tokens,
                nullableInt(rs, "prompt_tokens"),
                nullableInt(rs, "completion_tokens"),
                rs.getInt("tokens_estimated") == 1,
                nullableInt(rs, "cached_tokens"),
                nullableInt(rs, "reasoning_tokens"),
                text[0],
                text[1],
                Math.max(status, 0),
                rs.getString("error_type"),
                rs.getString("error"),
                rs.getInt("attempts"),
                Math.max(0, optionalInt(rs, "retries")),
                tokenCounts(rs),
                turn(rs),
                ResponseWarning.parse(optionalString(rs, "warnings")));
    }

    /** A text column that older databases lack: {@code null} when absent or NULL. */
    private static String optionalString(ResultSet rs, String column) throws SQLException {
        try {
            rs.findColumn(column);
        } catch (SQLException absent) {
            return null;
        }
        return rs.getString(column);
    }

    /** The conversation columns; {@code null} for a single request (or an older file). */
    private static RequestRecord.Turn turn(ResultSet rs) throws SQLException {
        int number = optionalInt(rs, "turn");
        return number > 0 ? new RequestRecord.Turn(optionalInt(rs, "conversation_id"), number) : null;
    }

    /** {@code request_id} is the request's index, unless a replayed trace gave the request its own id. */
    private static long index(String requestId, int row) {
        try {
            return Long.parseLong(requestId);
        } catch (NumberFormatException traceId) {
            return row;
        }
    }

    /** The token-accounting columns; {@link TokenCounts#NONE} when none was recorded (or older files). */
    private static TokenCounts tokenCounts(ResultSet rs) throws SQLException {
        TokenCounts counts = new TokenCounts(optionalInt(rs, "server_prompt_tokens"),
                optionalInt(rs, "server_completion_tokens"), optionalInt(rs, "client_prompt_tokens"),
                optionalInt(rs, "client_completion_tokens"), optionalInt(rs, "content_events"));
        return counts.equals(TokenCounts.NONE) ? TokenCounts.NONE : counts;
    }

    /** An integer column that older databases lack: UNKNOWN when absent or NULL. */
    private static int optionalInt(ResultSet rs, String column) throws SQLException {
        try {
            rs.findColumn(column);
        } catch (SQLException absent) {
            return RequestRecord.UNKNOWN;
        }
        return nullableInt(rs, column);
    }

    /** Token arrival times from the first one and the gaps; {@code events} is the stored count. */
    static long[] tokenTimes(long first, long[] gaps, int events) {
        int n = Math.max(events, gaps.length > 0 ? gaps.length + 1 : 0);
        long[] tokens = new long[n];
        if (n > 0) {
            tokens[0] = first;
            for (int i = 1; i < n; i++) {
                tokens[i] = tokens[i - 1] + (i - 1 < gaps.length ? gaps[i - 1] : 0);
            }
        }
        return tokens;
    }

    /**
     * The JSON list of gaps in seconds, as {@link ResultStore} writes it (Java's shortest
     * round-trip decimal form), into nanoseconds. A hand-written scan: runs with a million
     * tokens would otherwise spend seconds building JSON trees.
     */
    static long[] parseGaps(String json) {
        if (json == null) {
            return new long[0];
        }
        String body = json.trim();
        if (body.length() < 2 || body.charAt(0) != '[' || body.charAt(body.length() - 1) != ']') {
            throw new IllegalArgumentException("inter_token_latencies is not a JSON list: " + abbreviate(body));
        }
        body = body.substring(1, body.length() - 1).trim();
        if (body.isEmpty()) {
            return new long[0];
        }
        String[] parts = body.split(",");
        long[] gaps = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            gaps[i] = nanos(Double.parseDouble(parts[i].trim()));
        }
        return gaps;
    }

    private static String[] messages(String json) {
        if (json == null || json.isEmpty()) {
            return new String[] {"", ""};
        }
        try {
            JsonNode node = JsonFiles.mapper().readTree(json);
            return new String[] {node.path("content").asText(""), node.path("reasoning_content").asText("")};
        } catch (IOException e) {
            return new String[] {json, ""};
        }
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * NANOS_PER_S);
    }

    private static double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    /**
     * A column that older databases lack ({@code queue_time}, added with paced runs): NaN when
     * absent or NULL.
     */
    private static double optionalDouble(ResultSet rs, String column) throws SQLException {
        try {
            rs.findColumn(column);
        } catch (SQLException absent) {
            return Double.NaN;
        }
        return nullableDouble(rs, column);
    }

    private static int nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? RequestRecord.UNKNOWN : v;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
