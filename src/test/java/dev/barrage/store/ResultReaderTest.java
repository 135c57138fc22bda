package dev.barrage.store;

import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.RunAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Records written by {@link ResultStore} come back from {@link ResultReader} field for field. */
class ResultReaderTest {
    /* A monotonic clock 5.8 days after boot, with odd nanoseconds everywhere. */
    private static final long T0 = 500_000_123_456_789L;

    @TempDir
    Path dir;

    private static List<RequestRecord> records() {
        return List.of(
                // streamed success: TTFT 31.000007 ms, gaps 10.000001 and 9.999999 ms
                new RequestRecord(0, "{\"a\":1}", true, 1_700_000_000_123L, T0 - 17, 0, T0, T0 + 2_000_003,
                        T0 + 52_000_011, new long[] {T0 + 31_000_007, T0 + 41_000_008, T0 + 51_000_007}, 12, 3, false,
                        4, 1, "héllo", "think", 200, null, null, 1),
                // one token, no usage: estimated count, unknown prompt tokens, reconnected; it waited
                // 45 ns for a concurrency slot (queue_time)
                new RequestRecord(1, "{}", true, 1_700_000_000_200L, T0 + 5, T0 + 50, T0 + 77, T0 + 1_000_001, T0 + 9_999_999,
                        new long[] {T0 + 8_765_433}, RequestRecord.UNKNOWN, 1, true, RequestRecord.UNKNOWN,
                        RequestRecord.UNKNOWN, "x", "", 200, null, null, 2),
                // failed mid-stream after two tokens, after two --retries, with client token counts
                new RequestRecord(2, "{}", true, 1_700_000_000_300L, T0 + 9, 0, T0 + 99, T0 + 3_000_000, T0 + 70_000_001,
                        new long[] {T0 + 40_000_000, T0 + 45_000_003}, RequestRecord.UNKNOWN, RequestRecord.UNKNOWN,
                        false, RequestRecord.UNKNOWN, RequestRecord.UNKNOWN, "pa", "", 200, "server_error_event",
                        "overloaded", 3, 2, new dev.barrage.metrics.TokenCounts(-1, -1, 7, 2, 2)),
                // never answered, then interrupted
                new RequestRecord(3, "{}", true, 1_700_000_000_400L, T0 + 11, 0, T0 + 111, 0, T0 + 900_000_000,
                        new long[0], RequestRecord.UNKNOWN, RequestRecord.UNKNOWN, false, RequestRecord.UNKNOWN,
                        RequestRecord.UNKNOWN, "", "", 0, RequestRecord.INTERRUPTED, "stopped", 1));
    }

    @Test
    void everyStoredFieldComesBackExactly() throws Exception {
        Path db = dir.resolve(ResultStore.FILE_NAME);
        try (ResultStore store = ResultStore.create(db)) {
            for (RequestRecord r : records()) {
                store.add(r);
            }
        }
        List<RequestRecord> back = ResultReader.read(db);
        assertThat(back).hasSize(4);
        for (int i = 0; i < back.size(); i++) {
            RequestRecord w = records().get(i);
            RequestRecord r = back.get(i);
            assertThat(r).usingRecursiveComparison().ignoringFields("tokenNanos").isEqualTo(w);
            if (w.success()) {
                assertThat(r.tokenNanos()).containsExactly(w.tokenNanos());
            } else {
                assertThat(r.itlNanos()).containsExactly(w.itlNanos()); // only the gaps are stored
            }
        }
        RunAccumulator written = new RunAccumulator();
        RunAccumulator read = new RunAccumulator();
        records().forEach(written::add);
        back.forEach(read::add);
        assertThat(read.summary(4, -1, 4).toJsonMap()).isEqualTo(written.summary(4, -1, 4).toJsonMap());
        assertThat(read.percentiles().toRows()).isEqualTo(written.percentiles().toRows());
    }

    @Test
    void aClosedDatabaseIsOneFileThatReadersLeaveAlone() throws Exception {
        Path db = dir.resolve(ResultStore.FILE_NAME);
        try (ResultStore store = ResultStore.create(db)) {
            for (RequestRecord r : records()) {
                store.add(r);
            }
        }
        assertThat(ResultReader.read(db)).hasSize(4);
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no -wal/-shm left by the read-only reader")
                    .containsExactly(ResultStore.FILE_NAME);
        }
    }

    @Test
    void gapsParseFromTheStoredJsonList() {
        assertThat(ResultReader.parseGaps("[]")).isEmpty();
        assertThat(ResultReader.parseGaps("[0.010000001, 9.99999E-4]")).containsExactly(10_000_001L, 999_999L);
        assertThat(ResultReader.tokenTimes(100, new long[] {5, 7}, 3)).containsExactly(100, 105, 112);
    }
}
