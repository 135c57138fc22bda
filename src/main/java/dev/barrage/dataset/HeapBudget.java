package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.ByteSize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a dataset fits in the JVM's heap, asked before it is read, so that a file too large
 * to hold is one error line (exit 2) naming its size and the heap, not an OutOfMemoryError.
 * Datasets read as a stream ({@link NeededPrompts}) hold only the prompts a sweep sends and are
 * not asked; those that must hold their whole file (a trace is sorted by time, a conversation set
 * is sampled from) are.
 */
final class HeapBudget {
    /**
     * Heap bytes per file byte while a file's records are read and held: measured 1.0 for a
     * Mooncake trace, 1.3 for ShareGPT and 1.4 for text lines once loaded; 2 leaves room for the
     * parse trees alive meanwhile (a 46 MB trace loads in a 100 MB heap).
     */
    static final int HEAP_PER_FILE_BYTE = 2;
    /** The longest line a dataset file may have: far beyond any prompt, far below the heap. */
    private static final long MAX_LINE_CHARS = 64L << 20;
    private static final long GB = 1_000_000_000L;

    private HeapBudget() {
    }

    /** Refuses {@code file} when holding it whole would take more heap than this JVM can have. */
    static void requireFits(Path file) {
        requireFits(file, size(file), Runtime.getRuntime().maxMemory());
    }

    static void requireFits(Path file, long size, long maxHeap) {
        long needed = size * HEAP_PER_FILE_BYTE;
        if (needed > maxHeap) {
            throw BarrageException.invalidInput("The dataset file '" + file + "' (--dataset-path) is "
                    + ByteSize.format(size) + ": reading it needs about " + ByteSize.format(needed)
                    + " of heap, and the JVM has " + ByteSize.format(maxHeap) + ". Use a smaller file (JSON lines"
                    + " datasets such as line_by_line, custom, openqa and share_gpt read only the prompts a run"
                    + " sends), or raise the heap with BARRAGE_JAVA_OPTS=-Xmx" + gigabytesFor(needed) + "g.");
        }
    }

    /**
     * The one-line error for an OutOfMemoryError while a dataset was loaded: from {@code file}, or
     * generated ({@code null}).
     */
    static BarrageException outOfMemory(String dataset, Path file) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        boolean oneFile = file != null && Files.isRegularFile(file);
        String what = oneFile ? "the dataset file '" + file + "' (" + ByteSize.format(size(file)) + ")"
                : "--dataset " + dataset + (file != null ? " from '" + file + "'" : "");
        long wanted = Math.max(2 * maxHeap, oneFile ? size(file) * HEAP_PER_FILE_BYTE : 0);
        return BarrageException.invalidInput("Loading " + what + " ran out of memory: the JVM has "
                + ByteSize.format(maxHeap) + " of heap. Ask for fewer prompts (--number), use a smaller file, or"
                + " raise the heap with BARRAGE_JAVA_OPTS=-Xmx" + gigabytesFor(wanted) + "g.");
    }

    /** Characters a line of a dataset file may have: {@value #MAX_LINE_CHARS} at most, less on a small heap. */
    static int maxLineChars() {
        return (int) Math.min(MAX_LINE_CHARS, Runtime.getRuntime().maxMemory() / 16);
    }

    private static long gigabytesFor(long bytes) {
        return Math.max(1, (bytes + GB - 1) / GB);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // unreadable: the reader says so with the file's name
        }
    }
}
