package dev.barrage.visualizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * TensorBoard's event-file format, written by hand (no TensorFlow, no protobuf library): each
 * record is {@code uint64 length, uint32 masked_crc32c(length), data, uint32 masked_crc32c(data)}
 * (little-endian), and each record's data is one {@code tensorflow.Event} protobuf message:
 * {@code wall_time} (field 1, double), {@code step} (2, int64), and either {@code file_version}
 * (3, string) or {@code summary} (5, a {@code Summary} whose repeated {@code value} (1) each hold
 * {@code tag} (1, string) and {@code simple_value} (2, float)). The masked CRC is
 * {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}, as TensorFlow's {@code crc32c::Mask}.
 */
final class TfRecords {
    static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {
    }

    /** One framed record around {@code data}. */
    static byte[] frame(byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(data.length);
        byte[] length = new byte[8];
        b.position(0);
        b.get(length);
        b.putInt(maskedCrc(length));
        b.put(data);
        b.putInt(maskedCrc(data));
        return b.array();
    }

    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** The first event of every file: {@code file_version = "brain.Event:2"}. */
    static byte[] fileVersionEvent(double wallTime) {
        Proto p = new Proto();
        p.fixed64(1, Double.doubleToLongBits(wallTime));
        p.bytes(3, "brain.Event:2".getBytes(StandardCharsets.UTF_8));
        return p.toByteArray();
    }

    /** An event holding one scalar per entry of {@code scalars}, at {@code step}. */
    static byte[] scalarsEvent(double wallTime, long step, Map<String, Double> scalars) {
        Proto summary = new Proto();
        for (Map.Entry<String, Double> e : scalars.entrySet()) {
            Proto value = new Proto();
            value.bytes(1, e.getKey().getBytes(StandardCharsets.UTF_8));
            value.fixed32(2, Float.floatToIntBits(e.getValue().floatValue()));
            summary.bytes(1, value.toByteArray());
        }
        Proto event = new Proto();
        event.fixed64(1, Double.doubleToLongBits(wallTime));
        event.varint(2, step);
        event.bytes(5, summary.toByteArray());
        return event.toByteArray();
    }

    /** The protobuf wire format's three encodings that events need. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            rawVarint((long) field << 3);
            rawVarint(value);
        }

        void fixed64(int field, long bits) {
            rawVarint((long) field << 3 | 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)) & 0xff);
            }
        }

        void fixed32(int field, int bits) {
            rawVarint((long) field << 3 | 5);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xff);
            }
        }

        void bytes(int field, byte[] value) {
            rawVarint((long) field << 3 | 2);
            rawVarint(value.length);
            out.writeBytes(value);
        }

        private void rawVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
