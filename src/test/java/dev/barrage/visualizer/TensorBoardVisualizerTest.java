package dev.barrage.visualizer;

import dev.barrage.StepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The event file read back byte by byte: record framing, masked CRC32C of length and data, and
 * the protobuf fields of every event. The CRC fixtures were computed with TensorBoard 2.21's own
 * {@code masked_crc32c} (a file written this way is read by {@code tensorboard --logdir}, checked
 * by hand; the tests do not need TensorBoard).
 */
class TensorBoardVisualizerTest {
    @TempDir
    Path root;

    @Test
    void maskedCrcMatchesTensorFlowsOnKnownInputs() {
        assertThat(TfRecords.maskedCrc("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xc78ab0e5);
        assertThat(TfRecords.maskedCrc("brain.Event:2".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x7c0601ee);
        byte[] length24 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(24).array();
        assertThat(TfRecords.maskedCrc(length24)).isEqualTo(0x224b7fa3);
    }

    @Test
    void writesOneFramedEventPerStepWithEveryScalarAtStepConcurrency() throws Exception {
        TensorBoardVisualizer tb = new TensorBoardVisualizer();
        tb.start(Steps.run(root));
        List<StepResult> steps = Steps.two();
        for (int i = 0; i < steps.size(); i++) {
            tb.step(i, steps.get(i));
        }
        tb.finish(steps, null);

        assertThat(tb.file().getParent()).isEqualTo(root.resolve("tensorboard"));
        assertThat(tb.file().getFileName().toString()).startsWith("events.out.tfevents.1700000000.");
        List<byte[]> records = readRecords(Files.readAllBytes(tb.file()));
        assertThat(records).hasSize(3);
        Map<Integer, List<Object>> version = fields(records.get(0));
        assertThat(new String((byte[]) version.get(3).get(0), StandardCharsets.UTF_8)).isEqualTo("brain.Event:2");
        for (int i = 0; i < steps.size(); i++) {
            Map<Integer, List<Object>> event = fields(records.get(i + 1));
            assertThat(event.get(2)).containsExactly((long) steps.get(i).summary().concurrency());
            Map<String, Float> scalars = scalars((byte[]) event.get(5).get(0));
            Map<String, Double> expected = StepMetrics.of(steps.get(i));
            assertThat(scalars.keySet()).containsExactlyElementsOf(expected.keySet());
            assertThat((double) scalars.get("summary/avg_ttft_ms")).isCloseTo(i == 0 ? 100 : 200, within(1e-3));
            assertThat((double) scalars.get("percentile/itl_ms_p50")).isCloseTo(10, within(1e-3));
        }
    }

    /** Splits the file into records, checking each length and CRC as TensorBoard's reader does. */
    static List<byte[]> readRecords(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] lengthBytes = new byte[8];
            b.get(lengthBytes);
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(b.getInt()).as("length CRC").isEqualTo(TfRecords.maskedCrc(lengthBytes));
            byte[] data = new byte[(int) length];
            b.get(data);
            assertThat(b.getInt()).as("data CRC").isEqualTo(TfRecords.maskedCrc(data));
            out.add(data);
        }
        return out;
    }

    /** A minimal protobuf reader: field number → values (Long for varint/fixed, byte[] for bytes). */
    static Map<Integer, List<Object>> fields(byte[] message) {
        Map<Integer, List<Object>> out = new LinkedHashMap<>();
        ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            long key = varint(b);
            int field = (int) (key >>> 3);
            Object value = switch ((int) (key & 7)) {
                case 0 -> varint(b);
                case 1 -> b.getLong();
                case 5 -> (long) b.getInt();
                case 2 -> {
                    byte[] bytes = new byte[(int) varint(b)];
                    b.get(bytes);
                    yield bytes;
                }
                default -> throw new AssertionError("unexpected wire type in field " + field);
            };
            out.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static Map<String, Float> scalars(byte[] summary) {
        Map<String, Float> out = new LinkedHashMap<>();
        for (Object value : fields(summary).get(1)) {
            Map<Integer, List<Object>> v = fields((byte[]) value);
            out.put(new String((byte[]) v.get(1).get(0), StandardCharsets.UTF_8),
                    Float.intBitsToFloat((int) (long) (Long) v.get(2).get(0)));
        }
        return out;
    }

    private static long varint(ByteBuffer b) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get();
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
    }

}
