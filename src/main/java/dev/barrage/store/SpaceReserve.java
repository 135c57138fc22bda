package dev.barrage.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Room set aside beside a run's database: a file holding real bytes, given back when the disk
 * fills, so that the rows measured before the fault, the WAL checkpoint and the run's JSON files
 * still fit. Random bytes, not zeros, so that a compressing or deduplicating file system (ZFS,
 * btrfs) really allocates them; a sparse file would reserve nothing.
 */
final class SpaceReserve {
    private static final int BLOCK = 64 << 10;
    private static final SpaceReserve NONE = new SpaceReserve(null);

    private final Path file;

    private SpaceReserve(Path file) {
        this.file = file;
    }

    /** No reserve (scratch databases, tests). */
    static SpaceReserve none() {
        return NONE;
    }

    /** Writes {@code bytes} bytes to {@code file}; on failure nothing is left behind. */
    static SpaceReserve create(Path file, long bytes) throws IOException {
        byte[] noise = new byte[BLOCK];
        new SplittableRandom(bytes).nextBytes(noise);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; left -= BLOCK) {
                ByteBuffer block = ByteBuffer.wrap(noise, 0, (int) Math.min(BLOCK, left));
                while (block.hasRemaining()) {
                    ch.write(block);
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new SpaceReserve(file);
    }

    /** Gives back all but {@code keepBytes} to the file system. */
    void shrinkTo(long keepBytes) {
        if (file == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(keepBytes);
        } catch (IOException e) {
            release(); // cannot shrink it: give back everything rather than nothing
        }
    }

    /** Gives back the rest: deletes the file. */
    void release() {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a reserve that cannot be deleted only keeps its bytes; the results are written without them
        }
    }
}
