package dev.barrage.transport;

import dev.barrage.api.OpenAiAdapter;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Shared setup of the client tests against the simulator on loopback: one event-loop group per class. */
abstract class LoopbackClientTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = EventLoops.newGroup(2, "client-test");
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A fast simulator (TTFT 5 ms, 2 ms per token, Retry-After 0.2 s) with these faults. */
    static SimServer sim(String... faults) {
        SimConfig.Builder b = SimConfig.builder().port(0).ioThreads(1).ttftMs(5).itlMs(2).itlGrowth(0)
                .prefillUsPerToken(0).retryAfterS(0.2);
        for (String f : faults) {
            b.fault(f);
        }
        return SimServer.start(b.build());
    }

    static HttpClient client(String url, ClientOptions options, boolean stream) {
        Arguments args = Arguments.builder().url(url).model("m").maxTokens(8).stream(stream).build();
        HttpTarget target = HttpTarget.parse(url);
        return new HttpClient(group, target, options, new OpenAiAdapter(args, target.path(), null));
    }

    static ClientOptions options(Double readTimeoutS, double totalTimeoutS) {
        return ClientOptions.fromSeconds(2.0, readTimeoutS, totalTimeoutS, Map.of(), null);
    }

    /** A chat request for exactly 8 tokens. */
    static byte[] body(boolean stream) {
        return ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8,"
                + "\"ignore_eos\":true,\"stream\":" + stream + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one request and waits for its completion. */
    static HttpExchange once(HttpClient client, boolean stream) throws Exception {
        CompletableFuture<HttpExchange> done = new CompletableFuture<>();
        client.execute(new HttpExchange(0, body(stream), System.nanoTime(), false, done::complete));
        return done.get(30, TimeUnit.SECONDS);
    }
}
