package dev.barrage.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.metrics.RequestRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * {@code benchmark_data.db}: one row per measured request in table {@code result}, with
 * evalscope's columns first (same names, types and units: times in seconds on the monotonic
 * clock) and Barrage's after them. Rows are inserted in batches and committed every
 * {@link #BATCH_ROWS} rows, every {@value #BATCH_BYTES} bytes or on {@link #flush()}; the
 * database runs in WAL mode, so a killed process leaves a valid file holding every committed batch.
 *
 * <p>A full disk (or an I/O error) loses no row: a run's store keeps {@value #RESERVE_BYTES}
 * bytes set aside ({@link SpaceReserve}) and gives them back at the fault, writes the rows it
 * holds and those still to come one by one, tells its {@link #onOutputFault listener} (the run
 * stops sending) and, once closed, reports how many rows it kept ({@link #outputFailure()}).
 *
 * <p>Single-threaded: used only by the run's collector thread, never by an I/O thread.
 */
public final class ResultStore implements AutoCloseable {
    public static final String FILE_NAME = "benchmark_data.db";
    public static final int BATCH_ROWS = 1000;
    /** Rows are committed at least this often, so a fault finds little uncommitted: far less than the reserve. */
    static final long BATCH_BYTES = 1_000_000;
    /** Room a run's store sets aside for a full disk. */
    public static final long RESERVE_BYTES = 8_000_000;
    /** Of the reserve, what is kept until the store is closed: for the JSON files and report written after it. */
    static final long RESERVE_FOR_FILES = 1_000_000;
    /* Per-row bytes besides the request, content and token gaps (a rough guide for BATCH_BYTES). */
    private static final int ROW_OVERHEAD_BYTES = 400;
    private static final int BYTES_PER_TOKEN_GAP = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String CREATE_TABLE = """
            CREATE TABLE result(
                request TEXT,
                start_time REAL,
                inter_token_latencies TEXT,
                success INTEGER,
                response_messages TEXT,
                completed_time REAL,
                latency REAL,
                first_chunk_latency REAL,
                prompt_tokens INTEGER,
                completion_tokens INTEGER,
                max_gpu_memory_cost REAL,
                time_per_output_token REAL,
                request_id TEXT,
                is_stream INTEGER,
                start_epoch_ms INTEGER,
                attempts INTEGER,
                status_code INTEGER,
                error_type TEXT,
                error TEXT,
                intended_start_time REAL,
                first_byte_latency REAL,
                token_events INTEGER,
                tokens_estimated INTEGER,
                cached_tokens INTEGER,
                reasoning_tokens INTEGER,
                queue_time REAL,
                server_prompt_tokens INTEGER,
                server_completion_tokens INTEGER,
                client_prompt_tokens INTEGER,
                client_completion_tokens INTEGER,
                content_events INTEGER,
                prompt_tokens_source TEXT,
                completion_tokens_source TEXT,
                retries INTEGER,
                conversation_id INTEGER,
                turn INTEGER,
                warnings TEXT,
                sent_request_id TEXT,
                traceparent TEXT,
                server_request_id TEXT,
                response_id TEXT
            )""";

    private static final String INSERT = "INSERT INTO result VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private final Path file;
    private final Connection connection;
    private final PreparedStatement insert;
    private final SpaceReserve reserve;
    /** Rows added and not yet committed, kept until their commit succeeded (a failed one rolls back). */
    private final List<Row> pending = new ArrayList<>();
    private long pendingBytes;
    private long rows;
    private long committed;
    private LongFunction<String> requestIds;
    private UnaryOperator<String> scrub = UnaryOperator.identity();
    private Runnable faultListener = () -> { };
    private OutputFault fault;
    /** Rows that found no room even after the reserve was given back. */
    private long lost;
    private boolean walLeft;

    private final int batchRows;

    private ResultStore(Path file, Connection connection, int batchRows, SpaceReserve reserve) throws SQLException {
        this.file = file;
        this.batchRows = batchRows;
        this.connection = connection;
        this.reserve = reserve;
        this.insert = connection.prepareStatement(INSERT);
    }

    /**
     * Creates a scratch database (no reserve) committing every {@link #BATCH_ROWS} rows; an existing
     * file is never overwritten.
     */
    public static ResultStore create(Path file) {
        return create(file, BATCH_ROWS, 0);
    }

    /**
     * Creates a run's database committing every {@code batchRows} rows ({@code --db-commit-interval}),
     * with {@value #RESERVE_BYTES} bytes set aside beside it for a full disk.
     */
    public static ResultStore create(Path file, int batchRows) {
        return create(file, batchRows, RESERVE_BYTES);
    }

    private static ResultStore create(Path file, int batchRows, long reserveBytes) {
        if (Files.exists(file)) {
            throw BarrageException.invalidInput("The database '" + file + "' already exists; Barrage never"
                    + " overwrites results. Choose another --outputs-dir or --name.");
        }
        SpaceReserve reserve = SpaceReserve.none();
        try {
            if (reserveBytes > 0) {
                reserve = SpaceReserve.create(file.resolveSibling(file.getFileName() + "-reserve"), reserveBytes);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute(CREATE_TABLE);
            }
            // Transactions are begun and ended by hand (commit()): after SQLITE_FULL, SQLite may have
            // rolled back on its own, and sqlite-jdbc's rollback() then fails before it begins the
            // next transaction, leaving every later insert committed on its own.
            return new ResultStore(file, c, batchRows, reserve);
        } catch (SQLException | IOException e) {
            reserve.release();
            throw BarrageException.invalidInput("Cannot create the database '" + file + "': " + e.getMessage()
                    + ". Check that --outputs-dir is writable and its disk has space.");
        }
    }

    /**
     * Called once, on the thread adding rows, when a write first fails for lack of space or an
     * I/O error: a run stops sending then.
     */
    public void onOutputFault(Runnable listener) {
        this.faultListener = listener;
    }

    public Path file() {
        return file;
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** Rows committed so far: in the database whatever happens next. */
    public long committedRows() {
        return committed;
    }

    /**
     * What {@code request_id} holds for the request of each index, instead of the index itself: a
     * replayed trace's own ids. Where it returns {@code null}, the index is stored.
     */
    public void requestIds(LongFunction<String> ids) {
        this.requestIds = ids;
    }

    /**
     * Applied to the text columns (request, response_messages, error) of every row before it is
     * written: the run's credentials are replaced there, since servers echo them back.
     */
    public void scrubWith(UnaryOperator<String> scrubber) {
        this.scrub = scrubber;
    }

    private String requestId(long index) {
        String id = requestIds != null ? requestIds.apply(index) : null;
        return id != null ? id : String.valueOf(index);
    }

    public void add(RequestRecord r) throws SQLException {
        add(r, RequestIds.NONE);
    }

    /** @param ids what joins the row with the server's logs (docs/metrics.md, "Request identity") */
    public void add(RequestRecord r, RequestIds ids) throws SQLException {
        pending.add(new Row(r, ids));
        pendingBytes += ROW_OVERHEAD_BYTES + length(r.request()) + length(r.content()) + length(r.reasoning())
                + length(r.error()) + (long) r.tokenEvents() * BYTES_PER_TOKEN_GAP;
        rows++;
        if (pending.size() >= batchRows || pendingBytes >= BATCH_BYTES) {
            flush();
        }
    }

    /** A row held until its commit: the record and its ids. */
    private record Row(RequestRecord record, RequestIds ids) {
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private void bind(Row row) throws SQLException {
        RequestRecord r = row.record();
        RequestIds ids = row.ids();
        int i = 1;
        insert.setString(i++, scrub.apply(r.request()));
        insert.setDouble(i++, seconds(r.sendNanos()));
        insert.setString(i++, itlJson(r));
        insert.setInt(i++, r.success() ? 1 : 0);
        insert.setString(i++, responseJson(scrub.apply(r.content()), scrub.apply(r.reasoning())));
        insert.setDouble(i++, seconds(r.endNanos()));
        insert.setDouble(i++, r.latencyNanos() / 1e9);
        setNullableDouble(i++, firstChunkLatencySeconds(r));
        setNullableInt(i++, r.promptTokens());
        setNullableInt(i++, r.completionTokens());
        insert.setNull(i++, Types.REAL);
        double tpot = r.tpotNanos();
        setNullableDouble(i++, Double.isNaN(tpot) ? Double.NaN : tpot / 1e9);
        insert.setString(i++, requestId(r.index()));
        insert.setInt(i++, r.stream() ? 1 : 0);
        insert.setLong(i++, r.startEpochMillis());
        insert.setInt(i++, r.attempts());
        setNullableInt(i++, r.statusCode() > 0 ? r.statusCode() : -1);
        insert.setString(i++, r.errorType());
        insert.setString(i++, scrub.apply(r.error()));
        insert.setDouble(i++, seconds(r.intendedSendNanos()));
        setNullableDouble(i++, r.firstByteLatencyNanos() >= 0 ? r.firstByteLatencyNanos() / 1e9 : Double.NaN);
        insert.setInt(i++, r.tokenEvents());
        insert.setInt(i++, r.tokensEstimated() ? 1 : 0);
        setNullableInt(i++, r.cachedTokens());
        setNullableInt(i++, r.reasoningTokens());
        insert.setDouble(i++, r.queueNanos() / 1e9);
        i = addTokenColumns(i, r);
        insert.setString(i++, ids.sent());
        insert.setString(i++, ids.traceparent());
        insert.setString(i++, scrub.apply(ids.server()));
        insert.setString(i, scrub.apply(ids.response()));
        insert.addBatch();
    }

    /**
     * Token accounting columns (docs/metrics.md, "Token accounting"), appended after the others,
     * then the conversation and warnings columns.
     *
     * @return the next column
     */
    private int addTokenColumns(int first, RequestRecord r) throws SQLException {
        int i = first;
        dev.barrage.metrics.TokenCounts t = r.tokens();
        setNullableInt(i++, t.serverPrompt());
        setNullableInt(i++, t.serverCompletion());
        setNullableInt(i++, t.clientPrompt());
        setNullableInt(i++, t.clientCompletion());
        setNullableInt(i++, t.contentEvents());
        insert.setString(i++, r.promptTokens() >= 0 ? sourceName(t.promptSource()) : null);
        insert.setString(i++, r.completionTokens() >= 0 ? sourceName(t.completionSource(r.tokenEvents(), r.stream())) : null);
        insert.setInt(i++, r.retries());
        if (r.turn() != null) {
            insert.setLong(i++, r.turn().conversation());
            insert.setInt(i++, r.turn().number());
        } else {
            insert.setNull(i++, Types.INTEGER);
            insert.setNull(i++, Types.INTEGER);
        }
        insert.setString(i++, dev.barrage.metrics.ResponseWarning.names(r.warnings()));
        return i;
    }

    private static String sourceName(dev.barrage.metrics.TokenCounts.Source source) {
        return switch (source) {
            case SERVER -> "server";
            case CLIENT -> "client";
            case EVENTS -> "events";
            case UNKNOWN -> null;
        };
    }

    /**
     * Writes and commits every pending row. After an {@link OutputFault} it writes them one row
     * per commit, as many as fit, and throws nothing: the fault is reported by {@link #outputFailure()}.
     *
     * @throws SQLException for any other database error (the pending rows are dropped)
     */
    public void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        if (fault == null) {
            try {
                commit(pending);
                clearPending();
                return;
            } catch (SQLException e) {
                fault = OutputFault.of(file.getParent(), e);
                if (fault == null) {
                    clearPending();
                    throw e;
                }
                // What is held goes in now, on the room the reserve gave back; the files written
                // after the database get its last part when the store is closed.
                reserve.shrinkTo(RESERVE_FOR_FILES);
                faultListener.run();
            }
        }
        for (Row r : pending) {
            if (lost == 0) {
                try {
                    commit(List.of(r));
                    continue;
                } catch (SQLException stillFull) {
                    // no room even for one row: this and every later row are lost
                }
            }
            lost++;
        }
        clearPending();
    }

    private void commit(List<Row> records) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN");
            try {
                for (Row r : records) {
                    bind(r);
                }
                insert.executeBatch();
                s.execute("COMMIT");
                committed += records.size();
            } catch (SQLException e) {
                insert.clearBatch();
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException alreadyEnded) {
                    // SQLite rolled the transaction back itself
                }
                throw e;
            }
        }
    }

    private void clearPending() {
        pending.clear();
        pendingBytes = 0;
    }

    @Override
    public void close() throws SQLException {
        try {
            flush();
            insert.close();
            toSingleFile();
        } finally {
            connection.close();
            reserve.release();
        }
        walLeft = fault != null && Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
    }

    /**
     * WAL protects the run against kill -9; once it is over, a plain rollback-journal file means
     * readers (reports, the dashboard, sqlite3, pandas) leave no -wal/-shm files beside it and
     * copying benchmark_data.db alone copies everything. On a full disk the checkpoint this takes
     * may not fit: the database and its -wal file then stay a valid pair.
     */
    private void toSingleFile() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=DELETE");
                return;
            } catch (SQLException e) {
                OutputFault atClose = OutputFault.of(file.getParent(), e);
                if (atClose == null) {
                    throw e;
                }
                if (attempt > 1) {
                    fault = fault != null ? fault : atClose;
                    return;
                }
                reserve.shrinkTo(RESERVE_FOR_FILES); // the checkpoint may fit in what the reserve gives back
            }
        }
    }

    /**
     * After {@link #close()}: the error that ends the run when a write failed for lack of space or
     * an I/O error (exit code 5, saying how many rows were kept), else {@code null}.
     */
    public BarrageException outputFailure() {
        if (fault == null) {
            return null;
        }
        String kept = committed + " rows kept in " + file + (walLeft ? " (with " + file.getFileName()
                + "-wal beside it: keep the two together)" : "");
        String missing = lost == 0 ? "" : "; " + lost + " later request(s) found no room: only the summary counts them";
        return new BarrageException(ExitCode.OUTPUT_FAILED, fault.headline() + ": " + fault.reason() + "; " + kept
                + missing + ". " + fault.advice());
    }

    /** evalscope's first_chunk_latency: TTFT for streams; for non-streamed replies the latency. */
    private static double firstChunkLatencySeconds(RequestRecord r) {
        if (!r.success()) {
            return Double.NaN;
        }
        long ttft = r.ttftNanos();
        if (ttft >= 0) {
            return ttft / 1e9;
        }
        return r.stream() ? Double.NaN : r.latencyNanos() / 1e9;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String itlJson(RequestRecord r) {
        long[] gaps = r.itlNanos();
        StringBuilder sb = new StringBuilder(gaps.length * 12 + 2).append('[');
        for (int i = 0; i < gaps.length; i++) {
            sb.append(i > 0 ? ", " : "").append(gaps[i] / 1e9);
        }
        return sb.append(']').toString();
    }

    private static String responseJson(String content, String reasoning) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("content", content);
        if (!reasoning.isEmpty()) {
            m.put("reasoning_content", reasoning);
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void setNullableDouble(int index, double v) throws SQLException {
        if (Double.isNaN(v)) {
            insert.setNull(index, Types.REAL);
        } else {
            insert.setDouble(index, v);
        }
    }

    private void setNullableInt(int index, int v) throws SQLException {
        if (v < 0) {
            insert.setNull(index, Types.INTEGER);
        } else {
            insert.setInt(index, v);
        }
    }
}
