package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 chunk framing for the simulator's streamed events ({@code <hex length>\r\n<payload>\r\n}),
 * so one event leaves as one buffer in one write, and decimal numbers written as digits straight
 * into a buffer (the per-token path allocates no text). Stateless.
 */
final class Chunks {
    static final byte[] CRLF = ascii("\r\n");
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");

    private Chunks() {
    }

    /** A buffer holding the chunk header for a payload of {@code payloadBytes}, room left for the rest. */
    static ByteBuf start(ByteBufAllocator alloc, int payloadBytes) {
        int hexDigits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(payloadBytes) + 3) / 4);
        ByteBuf buf = alloc.directBuffer(hexDigits + payloadBytes + 2 * CRLF.length);
        for (int shift = (hexDigits - 1) * 4; shift >= 0; shift -= 4) {
            buf.writeByte(HEX_DIGITS[(payloadBytes >>> shift) & 0xF]);
        }
        return buf.writeBytes(CRLF);
    }

    /** A whole chunk holding {@code payload} (for events built once per reply, off the per-token path). */
    static ByteBuf of(ByteBufAllocator alloc, byte[] payload) {
        return start(alloc, payload.length).writeBytes(payload).writeBytes(CRLF);
    }

    static int decimalDigits(long nonNegative) {
        int digits = 1;
        for (long v = nonNegative; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes a non-negative number in ASCII without building a String. */
    static void writeDecimal(ByteBuf buf, long nonNegative, int digits) {
        int at = buf.writerIndex() + digits - 1;
        long v = nonNegative;
        for (int i = 0; i < digits; i++) {
            buf.setByte(at - i, (int) ('0' + v % 10));
            v /= 10;
        }
        buf.writerIndex(buf.writerIndex() + digits);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A string as JSON string content (quotes not included). */
    static String jsonText(String text) {
        return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
