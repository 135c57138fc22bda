package dev.barrage.store;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folders of one sweep, as evalscope lays them out:
 * {@code <outputs-dir>/<YYYYMMDD_HHMMSS>/<name or model>/} is the <em>sweep root</em> (with
 * {@code --no-timestamp}: {@code <outputs-dir>/<name>/}), and each run has a <em>step folder</em>
 * {@code parallel_<P>_number_<N>/} inside it. An existing sweep root is never reused: a suffix
 * {@code _2}, {@code _3}, ... is added instead.
 */
public final class OutputLayout {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final Path root;

    private OutputLayout(Path root) {
        this.root = root;
    }

    public static OutputLayout create(Arguments args, LocalDateTime now) {
        Path parent = args.noTimestamp() ? args.outputsDir() : args.outputsDir().resolve(STAMP.format(now));
        String name = args.runName();
        try {
            Files.createDirectories(parent);
            for (int suffix = 1; ; suffix++) {
                Path candidate = parent.resolve(suffix == 1 ? name : name + "_" + suffix);
                try {
                    return new OutputLayout(checkWritable(Files.createDirectory(candidate), args));
                } catch (FileAlreadyExistsException taken) {
                    // another sweep owns it: try the next suffix
                }
            }
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot create the output folder under '" + args.outputsDir()
                    + "' (--outputs-dir): " + e + ". Choose a writable folder.");
        }
    }

    /** Room a run needs at the least before it starts: its JSON files and the database's first pages. */
    static final int WRITE_TEST_BYTES = 256 << 10;

    /**
     * Writes and removes {@value #WRITE_TEST_BYTES} bytes, so a read-only or full disk stops the
     * sweep before any measured request is sent, not while its results are being written.
     */
    private static Path checkWritable(Path root, Arguments args) {
        Path probe = root.resolve(".write-test");
        try {
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(WRITE_TEST_BYTES);
                while (zeros.hasRemaining()) {
                    ch.write(zeros);
                }
                ch.force(false);
            } finally {
                Files.deleteIfExists(probe);
            }
            return root;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(root);
            } catch (IOException ignored) {
                // leave the empty folder; the message below is what matters
            }
            String reason = e.getMessage() != null && e.getMessage().contains("No space") ? "the disk is full"
                    : String.valueOf(e.getMessage());
            throw BarrageException.invalidInput("Cannot write results under '" + args.outputsDir()
                    + "' (--outputs-dir): " + reason + ". Free some space or choose another folder.");
        }
    }

    /** The sweep root. */
    public Path root() {
        return root;
    }

    /**
     * Creates and returns the step folder for one run; a sweep that repeats a step gets
     * {@code _2}, {@code _3}, ... for the repeats.
     */
    public Path stepDir(Arguments.Step step) {
        String name = step.folderName();
        for (int repeat = 2; Files.exists(root.resolve(name)); repeat++) {
            name = step.folderName() + "_" + repeat;
        }
        return dir(name);
    }

    /** Creates and returns a folder below the sweep root, e.g. {@code sla_tuning/sla_parallel_8_run_1}. */
    public Path dir(String relative) {
        Path dir = root.resolve(relative);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot create '" + dir + "': " + e.getMessage() + ".");
        }
    }
}
