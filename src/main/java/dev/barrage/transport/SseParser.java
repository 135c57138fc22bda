package dev.barrage.transport;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.util.Arrays;

/**
 * A byte-level Server-Sent Events decoder (WHATWG HTML §9.2): lines end in LF, CR or CRLF (a CRLF
 * split across two reads is handled), lines starting with ':' are comments, {@code data:} lines
 * of one event are joined with '\n', a blank line dispatches the event. Bytes are never decoded
 * to text here; the listener gets the raw UTF-8 data, so a multi-byte character split across
 * reads needs no special care.
 *
 * <p>Each event is reported with the arrival time of the read that completed it (the blank line):
 * the moment the client could first have acted on it. One instance per response; not
 * thread-safe; reusable after {@link #reset()}. The data buffer is reused between events, so
 * listeners must not keep it.
 */
public final class SseParser {
    /** Receives each complete event. */
    public interface Listener {
        /**
         * @param eventType    the {@code event:} field, or {@code null} (the default "message")
         * @param data         the data bytes, valid only during this call
         * @param length       number of data bytes, from offset 0
         * @param arrivalNanos {@link System#nanoTime()} of the read that completed the event
         */
        void onEvent(String eventType, byte[] data, int length, long arrivalNanos);
    }

    private static final ByteProcessor FIND_EOL = b -> b != '\n' && b != '\r';

    private final Listener listener;
    private final int maxEventBytes;
    private byte[] line = new byte[512];
    private int lineLength;
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;
    private String eventType;
    private boolean skipNextLf;
    private String error;

    /**
     * @param maxEventBytes the largest line or event accepted; beyond it the parser stops and
     *                      {@link #error()} says why
     */
    public SseParser(Listener listener, int maxEventBytes) {
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
    }

    /** Forgets any partial event, for the next response. */
    public void reset() {
        lineLength = 0;
        dataLength = 0;
        hasData = false;
        eventType = null;
        skipNextLf = false;
        error = null;
    }

    /** Why parsing stopped (an oversized event), or {@code null}. */
    public String error() {
        return error;
    }

    /** Feeds the readable bytes of {@code buf} without changing its indices. */
    public void feed(ByteBuf buf, long arrivalNanos) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end && error == null) {
            if (skipNextLf) {
                skipNextLf = false;
                if (buf.getByte(i) == '\n') {
                    i++;
                    continue;
                }
            }
            int eol = buf.forEachByte(i, end - i, FIND_EOL);
            if (eol < 0) {
                appendToLine(buf, i, end - i);
                return;
            }
            appendToLine(buf, i, eol - i);
            skipNextLf = buf.getByte(eol) == '\r';
            i = eol + 1;
            if (error == null) {
                processLine(arrivalNanos);
            }
        }
    }

    /**
     * The body ended. A last event that lacks its closing blank line is still dispatched: the
     * standard would drop it, but servers that omit the final blank line are common and the
     * event carries real data.
     */
    public void finish(long arrivalNanos) {
        if (error != null) {
            return;
        }
        if (lineLength > 0) {
            processLine(arrivalNanos);
        }
        dispatch(arrivalNanos);
    }

    private void appendToLine(ByteBuf buf, int from, int count) {
        if (count == 0) {
            return;
        }
        if (lineLength + count > maxEventBytes) {
            error = "an SSE line exceeds " + maxEventBytes + " bytes";
            return;
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        buf.getBytes(from, line, lineLength, count);
        lineLength += count;
    }

    private void processLine(long arrivalNanos) {
        int length = lineLength;
        lineLength = 0;
        if (length == 0) {
            dispatch(arrivalNanos);
            return;
        }
        if (line[0] == ':') {
            return;
        }
        int colon = indexOf(line, length, (byte) ':');
        int nameEnd = colon < 0 ? length : colon;
        int valueStart = colon < 0 ? length : colon + 1;
        if (valueStart < length && line[valueStart] == ' ') {
            valueStart++;
        }
        if (is(line, nameEnd, DATA)) {
            appendData(valueStart, length - valueStart);
        } else if (is(line, nameEnd, EVENT)) {
            eventType = new String(line, valueStart, length - valueStart, java.nio.charset.StandardCharsets.UTF_8);
        }
        // "id" and "retry" do not matter to a benchmark; unknown fields are ignored per the standard.
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private static boolean is(byte[] bytes, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void appendData(int from, int count) {
        int needed = dataLength + count + 1;
        if (needed > maxEventBytes) {
            error = "an SSE event exceeds " + maxEventBytes + " bytes";
            return;
        }
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, needed));
        }
        System.arraycopy(line, from, data, dataLength, count);
        dataLength += count;
        data[dataLength++] = '\n';
        hasData = true;
    }

    private void dispatch(long arrivalNanos) {
        if (hasData) {
            listener.onEvent(eventType, data, dataLength - 1, arrivalNanos);
        }
        dataLength = 0;
        hasData = false;
        eventType = null;
    }
}
