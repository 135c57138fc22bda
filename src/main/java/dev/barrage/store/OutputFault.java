package dev.barrage.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.barrage.ByteSize;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A result write that failed because of the disk, not because of Barrage: no space left (ENOSPC,
 * a quota, SQLite's {@code SQLITE_FULL}) or another I/O error ({@code SQLITE_IOERR}, an
 * IOException while writing a result file). It ends the run with exit code 5
 * ({@link dev.barrage.ExitCode#OUTPUT_FAILED}).
 *
 * @param folder    where the write failed
 * @param diskFull  no space was left (else some other I/O error)
 * @param reason    the error as the OS or SQLite put it
 * @param freeBytes what the disk had free at the fault (before any reserve was given back); -1 if unknown
 */
public record OutputFault(Path folder, boolean diskFull, String reason, long freeBytes) {
    /* SQLite's primary result codes (sqlite3.h); sqlite-jdbc reports them as getErrorCode(). */
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;

    /** The storage fault behind {@code error}, or {@code null} when it is something else (e.g. a bug). */
    public static OutputFault of(Path folder, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof SQLException sql && (sql.getErrorCode() == SQLITE_FULL
                    || sql.getErrorCode() == SQLITE_IOERR)) {
                return new OutputFault(folder, sql.getErrorCode() == SQLITE_FULL || noSpace(message), message,
                        FreeSpace.usableBytes(folder));
            }
            // Jackson's own exceptions are IOExceptions too, but mean a value that cannot be written:
            // a bug. An I/O failure underneath one is its cause, found on the next turn.
            if (t instanceof IOException && !(t instanceof JsonProcessingException)) {
                return new OutputFault(folder, noSpace(message), message, FreeSpace.usableBytes(folder));
            }
        }
        return null;
    }

    /** ENOSPC and EDQUOT as the JDK words them. */
    private static boolean noSpace(String message) {
        return message.contains("No space left") || message.contains("Disk quota exceeded");
    }

    /** What to do about it, as the end of a message. */
    public String advice() {
        return diskFull ? "Free some space (or choose another --outputs-dir) and run again."
                : "Check the disk (and the folder's permissions) or choose another --outputs-dir, and run again.";
    }

    /** "disk full at FOLDER (0 B free)", or "write error at FOLDER". */
    public String headline() {
        if (!diskFull) {
            return "write error at " + folder;
        }
        return "disk full at " + folder + (freeBytes >= 0 ? " (" + ByteSize.format(freeBytes) + " free)" : "");
    }
}
