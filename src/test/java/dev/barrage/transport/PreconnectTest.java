package dev.barrage.transport;

import dev.barrage.api.OpenAiAdapter;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections opened before a run are the ones its requests use. */
class PreconnectTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = EventLoops.newGroup(2, "test-preconnect");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static HttpClient client(String url) {
        Arguments args = Arguments.builder().url(url).model("m").maxTokens(3).build();
        HttpTarget target = HttpTarget.parse(url);
        return new HttpClient(group, target, ClientOptions.fromSeconds(2.0, null, 10.0, Map.of(), null),
                new OpenAiAdapter(args, target.path(), null));
    }

    @Test
    void requestsGoOutOnThePreOpenedConnections() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(1).build());
                HttpClient client = client(sim.baseUrl() + "/v1/chat/completions")) {
            assertThat(client.preconnect(5)).isEqualTo(5);
            assertThat(client.connectionsOpened()).isEqualTo(5);
            for (int round = 0; round < 4; round++) {
                List<CompletableFuture<HttpExchange>> wave = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    CompletableFuture<HttpExchange> done = new CompletableFuture<>();
                    client.execute(new HttpExchange(i, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            .concat("\"stream\":true,\"max_tokens\":3}").getBytes(), System.nanoTime(), false,
                            done::complete));
                    wave.add(done);
                }
                for (CompletableFuture<HttpExchange> f : wave) {
                    HttpExchange ex = f.get(10, TimeUnit.SECONDS);
                    assertThat(ex.success()).as("%s: %s", ex.errorType(), ex.error()).isTrue();
                }
            }
            assertThat(client.connectionsOpened()).as("20 requests, 5 at a time, on the 5 pre-opened connections")
                    .isEqualTo(5);
        }
    }

    @Test
    void aServerThatNeverAcceptsCostsAtMostTheConnectTimeout() throws Exception {
        // a listening socket whose backlog is full: connects queue in the kernel or time out
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                HttpClient client = client("http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions")) {
            long start = System.nanoTime();
            int opened = client.preconnect(3);
            assertThat((System.nanoTime() - start) / 1e9).as("bounded by the 2 s connect timeout").isLessThan(8);
            assertThat(opened).isBetween(0, 3);
        }
    }

    @Test
    void nothingListeningOpensNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (HttpClient client = client("http://127.0.0.1:" + port + "/v1/chat/completions")) {
            assertThat(client.preconnect(4)).isZero();
        }
    }
}
