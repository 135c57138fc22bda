package dev.barrage.store;

import dev.barrage.BarrageException;
import dev.barrage.ByteSize;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pre-flight check of {@code --outputs-dir}, before a run's first request (the connection test
 * included): a read-only disk, or one with less than {@value #MIN_FREE_BYTES} bytes free, stops
 * the run with exit code 2 there, instead of filling up halfway through it.
 */
public final class FreeSpace {
    /**
     * The least a run starts with: the database's {@link ResultStore#RESERVE_BYTES reserve}, the
     * first commits, and the JSON files and HTML report written at the end.
     */
    public static final long MIN_FREE_BYTES = 16_000_000;
    /* Bytes a row takes per output token: the inter-token latencies as text, and the content. */
    private static final int ROW_BYTES_PER_STREAMED_TOKEN = 20;
    private static final int ROW_BYTES_PER_TOKEN = 5;
    private static final int ROW_BYTES = 1_000;

    private FreeSpace() {
    }

    /** Refuses to start a run whose results cannot be written to {@code outputsDir}. */
    public static void checkBeforeRun(Path outputsDir) {
        Path existing = nearestExisting(outputsDir);
        try {
            FileStore disk = Files.getFileStore(existing);
            if (disk.isReadOnly()) {
                throw BarrageException.invalidInput("Cannot write results under '" + outputsDir + "' (--outputs-dir):"
                        + " its file system is read-only. Choose a writable folder.");
            }
            long free = disk.getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw BarrageException.invalidInput("Not enough free space for results under '" + outputsDir
                        + "' (--outputs-dir): " + (free == 0 ? "the disk is full" : "its disk has "
                        + ByteSize.format(free) + " free") + ", and a run needs at least "
                        + ByteSize.format(MIN_FREE_BYTES) + " (its database, room kept back for the rows if the disk"
                        + " fills, the JSON files and the report). Free some space or choose another folder.");
            }
        } catch (IOException e) {
            // the folder's disk cannot be asked (an exotic file system): the write test of OutputLayout decides
        }
    }

    /**
     * A warning when a run's rows may not fit: {@code requests} rows of up to {@code maxTokens}
     * output tokens each, against the disk's free space; {@code null} when they fit (or the disk
     * cannot be asked).
     */
    public static String warning(Path outputsDir, long requests, int maxTokens, boolean stream) {
        long free = usableBytes(outputsDir);
        long perRow = ROW_BYTES + (long) maxTokens * (stream ? ROW_BYTES_PER_STREAMED_TOKEN : ROW_BYTES_PER_TOKEN);
        long need = MIN_FREE_BYTES + requests * perRow;
        if (free < 0 || need <= free) {
            return null;
        }
        return "The rows of " + requests + " requests of up to " + maxTokens + " output tokens may take about "
                + ByteSize.format(need) + ", and '" + outputsDir + "' has " + ByteSize.format(free) + " free: if the"
                + " disk fills, sending stops and the run ends with exit code 5, keeping every row written so far.";
    }

    /** Bytes this process may still write where {@code path} is (or would be created); -1 when unknown. */
    public static long usableBytes(Path path) {
        try {
            return Files.getFileStore(nearestExisting(path)).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code path}, or the closest of its parents that exists: where it would be created. */
    private static Path nearestExisting(Path path) {
        Path p = path.toAbsolutePath();
        while (p.getParent() != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }
}
