package dev.barrage.store;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.metrics.RequestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A run's database on a disk that fills up (a real tmpfs, see {@link Tmpfs}): SQLite's
 * SQLITE_FULL is caught, the reserve given back, and every row measured before the fault — and
 * those still arriving — is kept in a database that opens on its own.
 */
class ResultStoreDiskFullTest {
    private static final long T0 = 500_000_000_000_000L;
    /** A 100 kB request body: the disk fills after a few dozen rows. */
    private static final String BODY = "{\"prompt\": \"" + "x".repeat(100_000) + "\"}";

    @TempDir
    Path dir;

    private static RequestRecord row(long index) {
        return new RequestRecord(index, BODY, true, 1_700_000_000_000L + index, T0, 0, T0, T0 + 1_000, T0 + 9_000,
                new long[] {T0 + 2_000, T0 + 3_000}, 12, 2, false, RequestRecord.UNKNOWN, RequestRecord.UNKNOWN,
                "hi", "", 200, null, null, 1);
    }

    /** Adds rows until the store reports the fault; returns how many were added. */
    private static long fillUntilFault(ResultStore store, AtomicInteger faults) throws SQLException {
        long added = 0;
        while (faults.get() == 0) {
            assertThat(added).as("12 MB hold far fewer rows of 100 kB").isLessThan(500);
            store.add(row(added++));
        }
        return added;
    }

    @Test
    void aDiskThatFillsLosesNoRowAndLeavesOneDatabaseFile() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir, "size=12m")) {
            Path db = disk.path().resolve(ResultStore.FILE_NAME);
            AtomicInteger faults = new AtomicInteger();
            ResultStore store = ResultStore.create(db, ResultStore.BATCH_ROWS);
            store.onOutputFault(faults::incrementAndGet);
            long added = fillUntilFault(store, faults);
            for (int inFlight = 0; inFlight < 5; inFlight++) {
                store.add(row(added++)); // requests in flight at the fault still end, and are written
            }
            store.close();

            assertThat(faults).as("told once").hasValue(1);
            assertThat(store.committedRows()).as("every row added").isEqualTo(added);
            BarrageException failure = store.outputFailure();
            assertThat(failure.exitCode()).isEqualTo(ExitCode.OUTPUT_FAILED);
            assertThat(failure.getMessage()).as("the free space at the fault, before the reserve was given back")
                    .matches("disk full at " + disk.path() + " \\((\\d+ B|\\d+ KB) free\\): .*")
                    .contains("; " + added + " rows kept in " + db + ". Free some space")
                    .doesNotContain("-wal").doesNotContain("no room");
            assertThat(Files.list(disk.path()).map(p -> p.getFileName().toString()))
                    .as("checkpointed into one file; the reserve is given back").containsExactly(ResultStore.FILE_NAME);
            Path copy = Files.copy(db, dir.resolve("copy.db"));
            assertThat(ResultReader.read(copy)).as("the database file alone holds every row").hasSize((int) added);
            JsonFiles.write(disk.path().resolve("benchmark_summary.json"), Map.of("rows", added));
            assertThat(disk.path().resolve("benchmark_summary.json")).as("room was kept for the JSON files").exists();
        }
    }

    @Test
    void rowsThatFindNoRoomAreCountedAndTheCommittedOnesKept() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir, "size=12m")) {
            Path db = disk.path().resolve(ResultStore.FILE_NAME);
            AtomicInteger faults = new AtomicInteger();
            ResultStore store = ResultStore.create(db, ResultStore.BATCH_ROWS);
            store.onOutputFault(faults::incrementAndGet);
            long atFault = fillUntilFault(store, faults);
            disk.fill("someone-else"); // another process takes what the reserve gave back
            long added = atFault;
            for (int late = 0; late < 60; late++) {
                store.add(row(added++)); // more than the WAL's already allocated pages take
            }
            store.close();

            long kept = store.committedRows();
            assertThat(kept).as("every row measured before the fault").isGreaterThanOrEqualTo(atFault)
                    .isLessThan(added);
            boolean walLeft = Files.exists(disk.path().resolve(ResultStore.FILE_NAME + "-wal"));
            String message = store.outputFailure().getMessage();
            assertThat(message).contains("; " + kept + " rows kept in " + db)
                    .contains("; " + (added - kept) + " later request(s) found no room: only the summary counts them.");
            assertThat(message.contains("with benchmark_data.db-wal beside it: keep the two together"))
                    .as("the message says whether the -wal file holds rows").isEqualTo(walLeft);
            assertThat(ResultReader.read(db)).as("the database opens and holds the committed rows")
                    .hasSize((int) kept);
            disk.fill("someone-else-again"); // ... and the room the reserve kept for the JSON files
            BarrageException json = catchThrowableOfType(BarrageException.class,
                    () -> JsonFiles.write(disk.path().resolve("benchmark_summary.json"), Map.of("rows", 1)));
            assertThat(json.exitCode()).isEqualTo(ExitCode.OUTPUT_FAILED);
            assertThat(json.getMessage()).startsWith("disk full at " + disk.path())
                    .contains("cannot write benchmark_summary.json: No space left on device");
            assertThat(disk.path().resolve("benchmark_summary.json.tmp")).doesNotExist();
        }
    }

    @Test
    void onlyStorageErrorsAreOutputFaults() {
        Path where = Path.of("/results");
        OutputFault full = OutputFault.of(where, new SQLException("[SQLITE_FULL] database or disk is full", null, 13));
        assertThat(full.diskFull()).isTrue();
        assertThat(full.reason()).isEqualTo("[SQLITE_FULL] database or disk is full");
        assertThat(OutputFault.of(where, new SQLException("[SQLITE_IOERR_WRITE] disk I/O error", null, 10)).diskFull())
                .isFalse();
        assertThat(OutputFault.of(where, new RuntimeException(new IOException("No space left on device"))).diskFull())
                .isTrue();
        assertThat(OutputFault.of(where, new IOException("Disk quota exceeded")).diskFull()).isTrue();
        assertThat(OutputFault.of(where, new SQLException("[SQLITE_CONSTRAINT] UNIQUE", null, 19)))
                .as("a bug, not the disk").isNull();
        assertThat(OutputFault.of(where, new JsonMappingException(null, "no serializer"))).isNull();
        assertThat(OutputFault.of(where, new IllegalStateException("bug"))).isNull();
    }
}
