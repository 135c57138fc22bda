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
     * Feeds one request on a fresh channel (the reply may close it), runs its zero-delay token
     * timers to the end and drops the output.
     */
    private static void serve(SimEngine engine, String path, String json) {
        EmbeddedChannel channel = new EmbeddedChannel();
        SimInitializer.addHandlers(channel.pipeline(), engine, 0);
        String request = "POST " + path + " HTTP/1.1\r\nHost: warmup\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.UTF_8)));
            // bounded: a reply of 4 tokens needs a handful of rounds; never hang start-up
            for (int round = 0; round < MAX_ROUNDS; round++) {
                channel.runPendingTasks();
                Object written;
                while ((written = channel.readOutbound()) != null) {
                    ReferenceCountUtil.release(written);
                }
                if (channel.runScheduledPendingTasks() == -1) {
                    break;
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
