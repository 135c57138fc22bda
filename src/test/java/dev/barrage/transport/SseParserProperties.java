package dev.barrage.transport;

import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the byte-level SSE decoder over generated input: whatever the bytes and however
 * the network splits them, the decoder never throws, never depends on the split, delivers data
 * bytes exactly (multi-byte UTF-8 cut anywhere included), and bounds what it buffers. The long
 * run (10 million inputs) is {@code bench/}'s fuzz target, not a unit test.
 */
class SseParserProperties {
    private static final int MAX_EVENT = 4096;

    /** An event as the listener saw it: type, raw data bytes, arrival stamp. */
    record Seen(String type, byte[] data, long arrivalNanos) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && java.util.Objects.equals(type, s.type) && Arrays.equals(data, s.data)
                    && arrivalNanos == s.arrivalNanos;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }

    /** What decoding produced: the events and the error, if any. */
    record Outcome(List<Seen> events, String error) {
    }

    /** Decodes {@code bytes} fed in pieces cut at {@code cuts}; every piece gets the same stamp. */
    static Outcome decode(byte[] bytes, int[] cuts, int maxEvent) {
        List<Seen> events = new ArrayList<>();
        SseParser parser = new SseParser((type, data, length, nanos) ->
                events.add(new Seen(type, Arrays.copyOf(data, length), nanos)), maxEvent);
        int from = 0;
        for (int cut : cuts) {
            if (cut > from && cut < bytes.length) {
                parser.feed(Unpooled.wrappedBuffer(bytes, from, cut - from), 7);
                from = cut;
            }
        }
        parser.feed(Unpooled.wrappedBuffer(bytes, from, bytes.length - from), 7);
        parser.finish(7);
        return new Outcome(events, parser.error());
    }

    @Property(tries = 400)
    void anyBytesSplitAnywhereDecodeAsIfWhole(@ForAll("sseLikeBytes") byte[] bytes,
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5000) Integer> cuts) {
        int[] sorted = cuts.stream().mapToInt(Integer::intValue).sorted().toArray();
        Outcome whole = decode(bytes, new int[0], MAX_EVENT);
        Outcome split = decode(bytes, sorted, MAX_EVENT);
        assertThat(split.events()).isEqualTo(whole.events());
        assertThat(split.error()).isEqualTo(whole.error());
    }

    @Property(tries = 400)
    void randomGarbageNeverThrowsAndNeverBuffersMoreThanTheLimit(@ForAll @Size(max = 3000) byte[] garbage,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 3000) Integer> cuts) {
        Outcome o = decode(garbage, cuts.stream().mapToInt(Integer::intValue).sorted().toArray(), 512);
        assertThat(o.events()).allSatisfy(e -> assertThat(e.data().length).isLessThanOrEqualTo(512));
        if (o.error() != null) {
            assertThat(o.error()).contains("exceeds 512 bytes");
        }
    }

    @Property(tries = 400)
    void dataBytesArriveExactlyEvenWithUtf8CutAtEveryRead(@ForAll("utf8Text") String text,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 400) Integer> cuts, @ForAll boolean crlf) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        String eol = crlf ? "\r\n" : "\n";
        byte[] stream = concat(("data: ").getBytes(StandardCharsets.US_ASCII), data,
                (eol + eol + "data: [DONE]" + eol + eol).getBytes(StandardCharsets.US_ASCII));
        Outcome o = decode(stream, cuts.stream().mapToInt(Integer::intValue).sorted().toArray(), MAX_EVENT);
        assertThat(o.error()).isNull();
        assertThat(o.events()).hasSize(2);
        assertThat(o.events().get(0).data()).isEqualTo(data);
        assertThat(new String(o.events().get(0).data(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Property(tries = 100)
    void hugeLinesAreDeliveredUpToTheLimitAndRefusedBeyondIt(@ForAll @IntRange(min = 1, max = 20_000) int length,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 20_100) Integer> cuts) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'x');
        byte[] stream = concat("data: ".getBytes(StandardCharsets.US_ASCII), payload, "\n\n".getBytes(StandardCharsets.US_ASCII));
        int limit = 10_000;
        Outcome o = decode(stream, cuts.stream().mapToInt(Integer::intValue).sorted().toArray(), limit);
        if (length + 1 <= limit) {
            assertThat(o.error()).isNull();
            assertThat(o.events()).singleElement().satisfies(e -> assertThat(e.data()).isEqualTo(payload));
        } else {
            assertThat(o.error()).contains("exceeds " + limit + " bytes");
            assertThat(o.events()).isEmpty();
        }
    }

    @Property(tries = 300)
    void generatedStreamsGiveTheirEventsBack(@ForAll("events") List<String> datas, @ForAll("eol") String eol,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 4000) Integer> cuts) {
        StringBuilder sb = new StringBuilder();
        for (String d : datas) {
            sb.append(": comment").append(eol);
            for (String line : d.split("\n", -1)) {
                sb.append("data:").append(line).append(eol);
            }
            sb.append(eol);
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Outcome o = decode(bytes, cuts.stream().mapToInt(Integer::intValue).sorted().toArray(), MAX_EVENT);
        List<String> got = o.events().stream().map(e -> new String(e.data(), StandardCharsets.UTF_8)).toList();
        // "data:x" keeps x; "data: x" would drop one space, so generated lines never start with one
        assertThat(got).isEqualTo(datas);
    }

    @Provide
    Arbitrary<byte[]> sseLikeBytes() {
        // mostly the characters that matter to SSE, so the decoder's branches are all exercised
        Arbitrary<String> token = Arbitraries.of("data:", "data: ", "event:", "id:", ":", "\n", "\r", "\r\n", "\n\n",
                "x", "{\"a\":1}", "é", "世", "\u0000", " ", "retry: 5");
        return token.list().ofMaxSize(200).map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> utf8Text() {
        // 1-, 2-, 3- and 4-byte UTF-8 sequences, so read boundaries fall inside every kind
        Arbitrary<String> piece = Arbitraries.of("a", "Z", "{", "\"", "\u00e9", "\u00df", "\u4e16", "\u754c",
                "\ud83d\ude00", "\ud834\udd1e", "~");
        return piece.list().ofMaxSize(60).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<String>> events() {
        Arbitrary<String> line = Arbitraries.strings().withCharRange('!', '~').withChars('\u00e9', '\u4e16').ofMaxLength(40);
        return Combinators.combine(line, line.list().ofMaxSize(2)).as((first, more) -> {
            List<String> lines = new ArrayList<>(List.of(first));
            lines.addAll(more);
            return String.join("\n", lines);
        }).list().ofMaxSize(15);
    }

    @Provide
    Arbitrary<String> eol() {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
