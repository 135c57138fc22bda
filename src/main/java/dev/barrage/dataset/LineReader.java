package dev.barrage.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Lines of text as {@link java.io.BufferedReader#readLine()} splits them (at {@code \n},
 * {@code \r} or {@code \r\n}), except that a line longer than a limit is refused instead of
 * being gathered until the heap is exhausted: a binary file, or gigabytes without a line break.
 */
final class LineReader implements Closeable {
    /** A line longer than {@link #maxChars()}; nothing of it is kept. */
    static final class TooLongException extends IOException {
        TooLongException(int maxChars) {
            super("longer than " + maxChars + " characters");
        }
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int end;
    /** The last line ended with {@code \r}: a {@code \n} right after it belongs to that line break. */
    private boolean skipNewline;

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    int maxChars() {
        return maxChars;
    }

    /** The next line without its line break, or {@code null} at the end of the text. */
    String next() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == end && !fill()) {
                return line == null ? null : line.toString();
            }
            if (skipNewline) {
                skipNewline = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            while (position < end && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            int length = position - start;
            int kept = line == null ? 0 : line.length();
            if (kept + length > maxChars) {
                throw new TooLongException(maxChars);
            }
            if (position < end) {
                skipNewline = buffer[position] == '\r';
                position++;
                return line == null ? new String(buffer, start, length) : line.append(buffer, start, length).toString();
            }
            line = line == null ? new StringBuilder(length * 2) : line;
            line.append(buffer, start, length);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        end = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
