package dev.barrage.bench;

import dev.barrage.api.OpenAiAdapter;
import dev.barrage.api.ResponseState;
import dev.barrage.config.Arguments;
import dev.barrage.transport.SseParser;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The long fuzz run of the SSE decoder and event handling (the unit tests run a few thousand of
 * these as jqwik properties): {@code inputs} random byte strings, mostly made of the tokens SSE
 * and OpenAI chunks are made of, plus raw garbage and truncated UTF-8, each decoded whole and in
 * random pieces. It checks that nothing throws, that the split never changes the events or the
 * error, and that every event goes through the OpenAI adapter without an exception. Exits 1 with
 * the failing input on the first violation.
 *
 * <pre>java -cp ... dev.barrage.bench.SseFuzz [inputs (default 10000000)] [seed]</pre>
 */
public final class SseFuzz {
    private static final byte[][] TOKENS = tokens("data:", "data: ", "event: x", "id: 1", ": ping", "\n", "\r", "\r\n",
            "\n\n", "\r\n\r\n", "[DONE]", "{", "}", "[", "]", "\"", ":", ",", "\"choices\"", "\"delta\"", "\"content\"",
            "\"usage\"", "\"error\"", "\"prompt_tokens\"", "3", "-1", "1e999", "null", "true", " hi", "\u00e9",
            "\u4e16", "\ud83d\ude00", "\\u00e9", "\\ud83d", "\\");
    private static final int MAX_EVENT = 4096;

    private SseFuzz() {
    }

    public static void main(String[] args) {
        long inputs = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        SplittableRandom random = new SplittableRandom(seed);
        OpenAiAdapter adapter = new OpenAiAdapter(Arguments.builder().model("m")
                .url("http://127.0.0.1:1/v1/chat/completions").build(), "/v1/chat/completions", null);
        long events = 0;
        long started = System.nanoTime();
        for (long i = 0; i < inputs; i++) {
            byte[] input = input(random);
            int[] cuts = cuts(random, input.length);
            List<byte[]> whole = new ArrayList<>();
            String wholeError = decode(input, new int[0], whole, adapter);
            List<byte[]> split = new ArrayList<>();
            String splitError = decode(input, cuts, split, adapter);
            if (!sameEvents(whole, split) || !java.util.Objects.equals(wholeError, splitError)) {
                System.err.println("FAIL at input " + i + " (seed " + seed + "): the split changed the result");
                System.err.println("input: " + Arrays.toString(input));
                System.err.println("cuts: " + Arrays.toString(cuts));
                System.exit(1);
            }
            events += whole.size();
            if ((i + 1) % 1_000_000 == 0) {
                System.out.printf("%,d inputs, %,d events, %.0f inputs/s%n", i + 1, events,
                        (i + 1) / ((System.nanoTime() - started) / 1e9));
            }
        }
        System.out.printf("OK: %,d inputs (%,d events) decoded whole and split, no exception, no difference;"
                + " seed %d, %.1f s%n", inputs, events, seed, (System.nanoTime() - started) / 1e9);
    }

    /** Decodes and runs every event through the adapter; returns the decoder's error. */
    private static String decode(byte[] input, int[] cuts, List<byte[]> out, OpenAiAdapter adapter) {
        ResponseState state = new ResponseState();
        SseParser parser = new SseParser((type, data, length, nanos) -> {
            out.add(Arrays.copyOf(data, length));
            adapter.onEvent(data, length, nanos, state);
        }, MAX_EVENT);
        int from = 0;
        for (int cut : cuts) {
            parser.feed(Unpooled.wrappedBuffer(input, from, cut - from), from);
            from = cut;
        }
        parser.feed(Unpooled.wrappedBuffer(input, from, input.length - from), from);
        parser.finish(input.length);
        return parser.error();
    }

    private static byte[] input(SplittableRandom r) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            byte[] garbage = new byte[r.nextInt(600)];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (byte) r.nextInt(256);
            }
            return garbage;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int parts = r.nextInt(120);
        for (int i = 0; i < parts; i++) {
            out.writeBytes(TOKENS[r.nextInt(TOKENS.length)]);
        }
        if (kind == 1 && out.size() > 0) {
            byte[] b = out.toByteArray();
            b[r.nextInt(b.length)] = (byte) (0x80 | r.nextInt(0x80)); // a stray UTF-8 continuation byte
            return b;
        }
        if (kind == 2) {
            byte[] huge = new byte[MAX_EVENT + r.nextInt(64) - 32];
            Arrays.fill(huge, (byte) 'x');
            out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(huge);
            out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static int[] cuts(SplittableRandom r, int length) {
        if (length < 2) {
            return new int[0];
        }
        int n = r.nextInt(Math.min(20, length));
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = 1 + r.nextInt(length - 1);
        }
        return Arrays.stream(cuts).sorted().distinct().toArray();
    }

    private static boolean sameEvents(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] tokens(String... texts) {
        byte[][] out = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            out[i] = texts[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
