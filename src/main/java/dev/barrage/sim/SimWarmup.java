package dev.barrage.sim;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Serves one request of each kind through the real pipeline on an in-memory channel before the
 * server opens its port. On a cold JVM the first request otherwise pays 200-400 ms of class
 * loading and initialisation, which lands on the first measured TTFTs; here it moves to start-up
 * (total start-up plus first request stays about the same). Uses its own zero-delay engine, so the
 * server's counters and random sequences are untouched.
 */
final class SimWarmup {
    private static final String CHAT_STREAM = "{\"model\":\"warmup\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hello\"}],\"stream\":true,\"max_tokens\":4,\"stream_options\":{\"include_usage\":true}}";
    private static final String COMPLETION_STREAM =
            "{\"model\":\"warmup\",\"prompt\":\"hello\",\"stream\":true,\"max_tokens\":4}";
    private static final String CHAT_BODY =
            "{\"model\":\"warmup\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":4}";

    private static final String RESPONSES_STREAM =
            "{\"model\":\"warmup\",\"input\":\"hello\",\"stream\":true,\"max_output_tokens\":16}";
    private static final String MESSAGES_STREAM = "{\"model\":\"warmup\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hello\"}],\"stream\":true,\"max_tokens\":16}";
    private static final String LONG_CHAT_STREAM = "{\"model\":\"warmup\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hello, please count to twenty\"}],\"stream\":true,\"max_tokens\":16,\"ignore_eos\":true,"
            + "\"stream_options\":{\"include_usage\":true}}";

    private static final int MAX_ROUNDS = 1_000;

    private SimWarmup() {
    }

    static void run(SimConfig config, PromptTokenCounter tokenCounter) {
        SimConfig instant = config.toBuilder().ttftMs(0).prefillUsPerToken(0).itlMs(0).jitter(0)
                .faults(java.util.List.of()).stallForS(0).build();
        SimEngine engine = new SimEngine(instant, tokenCounter);
        serve(engine, "/v1/chat/completions", CHAT_STREAM);
        serve(engine, "/v1/completions", COMPLETION_STREAM);
        serve(engine, "/v1/chat/completions", CHAT_BODY);
    }

    /**
     * The standalone server's start-up: the same requests, and streamed ones of the usual APIs,
     * round after round for {@code millis} of wall time, until the JIT has compiled the request
     * path (one quick round leaves it interpreted: the first bursts of a benchmark then took the
     * server 10-20 ms to answer, and its compilers kept a CPU busy for half a minute).
     *
     * @return the requests served
     */
    static int runFor(SimConfig config, PromptTokenCounter tokenCounter, long millis) {
        SimConfig instant = config.toBuilder().ttftMs(0).prefillUsPerToken(0).itlMs(0).jitter(0)
                .faults(java.util.List.of()).stallForS(0).build();
        SimEngine engine = new SimEngine(instant, tokenCounter);
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis);
        int served = 0;
        while (System.nanoTime() < end) {
            serve(engine, "/v1/chat/completions", LONG_CHAT_STREAM);
            serve(engine, "/v1/chat/completions", CHAT_STREAM);
            serve(engine, "/v1/completions", COMPLETION_STREAM);
            serve(engine, "/v1/responses", RESPONSES_STREAM);
            serve(engine, "/v1/messages", MESSAGES_STREAM);
            serve(engine, "/v1/chat/completions", CHAT_BODY);
            served += 6;
        }
        return served;
    }

    /**
     * The bytes a zero-delay simulator writes in answer to one request: for a client that wants
     * to replay a realistic answer without running a server's logic per request.
     *
     * @param requestHead "POST <path> HTTP/1.1" headers without Content-Length, each ending in CRLF
     */
    static byte[] render(SimConfig config, String requestHead, byte[] body) {
        SimConfig instant = config.toBuilder().ttftMs(0).prefillUsPerToken(0).itlMs(0).jitter(0)
                .faults(java.util.List.of()).stallForS(0).build();
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        exchange(new SimEngine(instant, PromptTokenCounter.approximate()), requestHead, body, wire);
        return wire.toByteArray();
    }

    private static void serve(SimEngine engine, String path, String json) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: warmup\r\nContent-Type: application/json\r\n";
        exchange(engine, head, json.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Feeds one request on a fresh channel (the reply may close it), runs its zero-delay token
     * timers to the end, and keeps what was written in {@code wire} (or drops it when null).
     */
    private static void exchange(SimEngine engine, String head, byte[] body, java.io.ByteArrayOutputStream wire) {
        EmbeddedChannel channel = new EmbeddedChannel();
        SimInitializer.addHandlers(channel.pipeline(), engine, 0);
        byte[] headBytes = (head + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(headBytes, body));
            // bounded: a reply of a few tokens needs a handful of rounds; never hang start-up
            for (int round = 0; round < MAX_ROUNDS; round++) {
                channel.runPendingTasks();
                drain(channel, wire);
                long next = channel.runScheduledPendingTasks();
                if (next == -1) {
                    // what the last timer queued (the reply's end) runs and is read before leaving
                    channel.runPendingTasks();
                    drain(channel, wire);
                    break;
                }
                // a token due a few ns from now: move the channel's clock there rather than spin
                channel.advanceTimeBy(next, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel channel, java.io.ByteArrayOutputStream wire) {
        Object written;
        while ((written = channel.readOutbound()) != null) {
            if (wire != null && written instanceof io.netty.buffer.ByteBuf buf && buf.isReadable()) {
                wire.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(buf));
            }
            ReferenceCountUtil.release(written);
        }
    }
}
