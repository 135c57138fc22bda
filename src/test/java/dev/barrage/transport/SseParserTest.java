package dev.barrage.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    /** One decoded event, as the listener saw it. */
    record Event(String type, String data, long arrivalNanos) {
    }

    static final class Collecting implements SseParser.Listener {
        final List<Event> events = new ArrayList<>();

        @Override
        public void onEvent(String eventType, byte[] data, int length, long arrivalNanos) {
            events.add(new Event(eventType, new String(data, 0, length, StandardCharsets.UTF_8), arrivalNanos));
        }
    }

    /** A realistic vLLM-style stream: role chunk, 3 tokens (one non-ASCII), usage chunk, [DONE]. */
    static final String VLLM_STREAM = ""
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
            + ": keep-alive comment\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" 世界\"}}]}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\n"
            + "data: [DONE]\n\n";

    private static List<Event> parseInPieces(byte[] bytes, int... cuts) {
        Collecting sink = new Collecting();
        SseParser parser = new SseParser(sink, 1 << 20);
        int from = 0;
        long t = 1;
        for (int cut : cuts) {
            feed(parser, bytes, from, cut, t++);
            from = cut;
        }
        feed(parser, bytes, from, bytes.length, t);
        parser.finish(t + 1);
        return sink.events;
    }

    private static void feed(SseParser parser, byte[] bytes, int from, int to, long nanos) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes, from, to - from);
        int readerIndex = buf.readerIndex();
        parser.feed(buf, nanos);
        assertThat(buf.readerIndex()).as("feed leaves the buffer's indices alone").isEqualTo(readerIndex);
    }

    private static List<String> datas(List<Event> events) {
        return events.stream().map(Event::data).toList();
    }

    @Test
    void decodesARealisticStreamIntoSixEvents() {
        List<Event> events = parseInPieces(VLLM_STREAM.getBytes(StandardCharsets.UTF_8));
        assertThat(events).hasSize(6);
        assertThat(events.get(2).data()).contains("世界");
        assertThat(events.get(5).data()).isEqualTo("[DONE]");
        assertThat(events).allMatch(e -> e.type() == null);
    }

    @Test
    void everySplitPointGivesTheSameEvents() {
        byte[] bytes = VLLM_STREAM.getBytes(StandardCharsets.UTF_8);
        List<String> expected = datas(parseInPieces(bytes));
        for (int cut = 1; cut < bytes.length; cut++) {
            assertThat(datas(parseInPieces(bytes, cut))).as("split at byte %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void everyPairOfSplitPointsWithCrlfGivesTheSameEvents() {
        byte[] bytes = VLLM_STREAM.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        List<String> expected = datas(parseInPieces(VLLM_STREAM.getBytes(StandardCharsets.UTF_8)));
        for (int a = 1; a < bytes.length; a += 3) {
            for (int b = a; b < bytes.length; b += 7) {
                assertThat(datas(parseInPieces(bytes, a, b))).as("splits at %d and %d", a, b).isEqualTo(expected);
            }
        }
    }

    @Test
    void crLineEndingsAlsoWork() {
        byte[] bytes = VLLM_STREAM.replace("\n", "\r").getBytes(StandardCharsets.UTF_8);
        assertThat(parseInPieces(bytes)).hasSize(6);
    }

    @Test
    void eachEventCarriesTheArrivalTimeOfTheReadThatCompletedIt() {
        byte[] bytes = "data: a\n\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
        // Cut inside the second event: it completes in the second read (stamp 2).
        List<Event> events = parseInPieces(bytes, 12);
        assertThat(events).extracting(Event::arrivalNanos).containsExactly(1L, 2L);
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        List<Event> events = parseInPieces("data: first\ndata:second\ndata:  third\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).singleElement().extracting(Event::data).isEqualTo("first\nsecond\n third");
    }

    @Test
    void keepsTheEventFieldAndIgnoresIdRetryAndUnknownFields() {
        String text = "event: message_start\nid: 7\nretry: 100\nfoo: bar\ndata: {\"x\":1}\n\ndata: plain\n\n";
        List<Event> events = parseInPieces(text.getBytes(StandardCharsets.UTF_8));
        assertThat(events).extracting(Event::type).containsExactly("message_start", null);
        assertThat(datas(events)).containsExactly("{\"x\":1}", "plain");
    }

    @Test
    void eventsWithoutDataAreNotDispatched() {
        List<Event> events = parseInPieces(": only a comment\n\nevent: ping\n\n\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events).isEmpty();
    }

    @Test
    void aLastEventWithoutItsBlankLineIsStillDelivered() {
        List<Event> events = parseInPieces("data: a\n\ndata: [DONE]".getBytes(StandardCharsets.UTF_8));
        assertThat(datas(events)).containsExactly("a", "[DONE]");
    }

    @Test
    void stopsWithAnErrorOnAnOversizedEvent() {
        Collecting sink = new Collecting();
        SseParser parser = new SseParser(sink, 100);
        parser.feed(Unpooled.wrappedBuffer(("data: " + "x".repeat(200) + "\n\n").getBytes(StandardCharsets.UTF_8)), 1);
        assertThat(parser.error()).contains("exceeds 100 bytes");
        assertThat(sink.events).isEmpty();
    }

    @Test
    void resetForgetsAPartialEvent() {
        Collecting sink = new Collecting();
        SseParser parser = new SseParser(sink, 1 << 20);
        parser.feed(Unpooled.wrappedBuffer("data: partial".getBytes(StandardCharsets.UTF_8)), 1);
        parser.reset();
        parser.feed(Unpooled.wrappedBuffer("data: whole\n\n".getBytes(StandardCharsets.UTF_8)), 2);
        assertThat(datas(sink.events)).containsExactly("whole");
    }

    @Property(tries = 300)
    void arbitrarySplitsNeverChangeTheEvents(@ForAll("splits") List<Integer> cuts) {
        byte[] bytes = VLLM_STREAM.getBytes(StandardCharsets.UTF_8);
        int[] sorted = cuts.stream().mapToInt(c -> Math.floorMod(c, bytes.length)).sorted().distinct().toArray();
        assertThat(datas(parseInPieces(bytes, sorted))).isEqualTo(datas(parseInPieces(bytes)));
    }

    @Provide
    Arbitrary<List<Integer>> splits() {
        return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(40);
    }
}
