package dev.barrage.transport;

import dev.barrage.api.OpenAiAdapter;
import dev.barrage.config.Arguments;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against scripted misbehaving servers on loopback. */
class HttpClientTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = EventLoops.newGroup(2, "test-client");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static HttpClient client(String url, double totalTimeoutS, Double readTimeoutS) {
        Arguments args = Arguments.builder().url(url).model("m").maxTokens(3).build();
        HttpTarget target = HttpTarget.parse(url);
        return new HttpClient(group, target, ClientOptions.fromSeconds(2.0, readTimeoutS, totalTimeoutS, Map.of(), null),
                new OpenAiAdapter(args, target.path(), null));
    }

    private static HttpExchange once(HttpClient client) throws Exception {
        CompletableFuture<HttpExchange> done = new CompletableFuture<>();
        client.execute(new HttpExchange(0, "{\"model\":\"m\"}".getBytes(), System.nanoTime(), false, done::complete));
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void survivesAServerThatClosesEveryConnectionAfterItsResponse() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.CLOSE_AFTER_STREAM, 200);
                HttpClient client = client(server.url(), 10, null)) {
            // Closed loop, 2 in flight, 60 requests: each completion sends the next at once, so
            // most requests meet a connection the server is about to close.
            int total = 60;
            BlockingQueue<HttpExchange> done = new ArrayBlockingQueue<>(total);
            Semaphore slots = new Semaphore(2);
            for (int i = 0; i < total; i++) {
                slots.acquire();
                client.execute(new HttpExchange(i, "{}".getBytes(), System.nanoTime(), false, ex -> {
                    done.add(ex);
                    slots.release();
                }));
            }
            List<HttpExchange> results = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                results.add(done.poll(10, TimeUnit.SECONDS));
            }
            assertThat(results).doesNotContainNull();
            assertThat(results).allSatisfy(ex -> {
                assertThat(ex.success()).as("%s: %s", ex.errorType(), ex.error()).isTrue();
                assertThat(ex.state().tokenEvents()).isEqualTo(3);
                assertThat(ex.attempts()).isBetween(1, 2);
            });
            assertThat(results).as("the stale keep-alive path was exercised").anyMatch(HttpExchange::reconnected);
            assertThat(server.requests.get()).isGreaterThan(total);
        }
    }

    @Test
    void httpErrorsAreRecordedWithStatusAndTheServersMessage() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.ERROR_STATUS, 503);
                HttpClient client = client(server.url(), 10, null)) {
            HttpExchange ex = once(client);
            assertThat(ex.success()).isFalse();
            assertThat(ex.errorType()).isEqualTo(ErrorType.HTTP_ERROR);
            assertThat(ex.statusCode()).isEqualTo(503);
            assertThat(ex.error()).isEqualTo("HTTP 503: scripted failure 503");
            assertThat(ex.attempts()).isEqualTo(1);
            // A second request reuses the kept-alive connection.
            HttpExchange again = once(client);
            assertThat(again.statusCode()).isEqualTo(503);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void nonJsonErrorBodiesAreKeptAsText() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.HTML_ERROR, 502);
                HttpClient client = client(server.url(), 10, null)) {
            HttpExchange ex = once(client);
            assertThat(ex.error()).isEqualTo("HTTP 502: <html><body>502 Bad Gateway</body></html>");
        }
    }

    @Test
    void aStreamCutMidWayIsAFailureThatKeepsItsTokens() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.CUT_MID_STREAM, 200);
                HttpClient client = client(server.url(), 10, null)) {
            HttpExchange ex = once(client);
            assertThat(ex.success()).isFalse();
            assertThat(ex.errorType()).isEqualTo(ErrorType.CONNECTION_CLOSED);
            assertThat(ex.state().tokenEvents()).isEqualTo(2);
            assertThat(ex.attempts()).as("no retry once response bytes arrived").isEqualTo(1);
        }
    }

    @Test
    void refusedConnectionsAreClassified() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpClient client = client("http://127.0.0.1:" + port + "/v1/chat/completions", 10, null)) {
            HttpExchange ex = once(client);
            assertThat(ex.errorType()).isEqualTo(ErrorType.CONNECTION_REFUSED);
            assertThat(ex.error()).contains("127.0.0.1:" + port);
        }
    }

    @Test
    void unknownHostsAreClassified() throws Exception {
        try (HttpClient client = client("http://no-such-host.invalid/v1/chat/completions", 10, null)) {
            HttpExchange ex = once(client);
            assertThat(ex.errorType()).isEqualTo(ErrorType.UNKNOWN_HOST);
        }
    }

    @Test
    void readTimeoutFiresWhenTheServerGoesSilent() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                HttpClient client = client("http://127.0.0.1:" + silent.getLocalPort() + "/v1/chat/completions", 10, 0.3)) {
            HttpExchange ex = once(client);
            assertThat(ex.errorType()).isEqualTo(ErrorType.READ_TIMEOUT);
            assertThat(ex.error()).contains("--read-timeout");
            assertThat((ex.endNanos() - ex.sendNanos()) / 1e9).isBetween(0.29, 5.0);
        }
    }

    @Test
    void totalTimeoutFires() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                HttpClient client = client("http://127.0.0.1:" + silent.getLocalPort() + "/v1/chat/completions", 0.3, null)) {
            HttpExchange ex = once(client);
            assertThat(ex.errorType()).isEqualTo(ErrorType.TOTAL_TIMEOUT);
        }
    }

    @Test
    void cancelAllCompletesInFlightRequestsAsInterrupted() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                HttpClient client = client("http://127.0.0.1:" + silent.getLocalPort() + "/v1/chat/completions", 60, null)) {
            CompletableFuture<HttpExchange> done = new CompletableFuture<>();
            client.execute(new HttpExchange(0, "{}".getBytes(), System.nanoTime(), false, done::complete));
            Thread.sleep(200);
            client.cancelAll();
            HttpExchange ex = done.get(5, TimeUnit.SECONDS);
            assertThat(ex.errorType()).isEqualTo(ErrorType.INTERRUPTED);
            CompletableFuture<HttpExchange> later = new CompletableFuture<>();
            client.execute(new HttpExchange(1, "{}".getBytes(), System.nanoTime(), false, later::complete));
            assertThat(later.get(5, TimeUnit.SECONDS).errorType()).isEqualTo(ErrorType.INTERRUPTED);
        }
    }

    @Test
    void aServerThatAnsweredEvenGarbageIsNeverSentTheRequestAgain() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.GARBLED_ON_REUSE, 200);
                HttpClient client = client(server.url(), 10, null)) {
            assertThat(once(client).success()).isTrue();
            HttpExchange second = once(client);
            assertThat(second.success()).isFalse();
            assertThat(second.attempts()).as("bytes came back: no re-send").isEqualTo(1);
            assertThat(second.firstByteNanos()).as("the first byte is stamped even though it was garbage")
                    .isGreaterThan(0);
            assertThat(server.requests.get()).isEqualTo(2);
        }
    }

    @Test
    void cancelAllDuringConnectIsRecordedAsInterrupted() throws Exception {
        // A listener that never accepts: once its backlog is full, further connects hang (SYNs dropped).
        try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket s = new java.net.Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (java.io.IOException backlogFull) {
                        s.close();
                        break;
                    }
                }
                try (HttpClient client = client("http://127.0.0.1:" + full.getLocalPort() + "/v1/chat/completions", 60,
                        null)) {
                    CompletableFuture<HttpExchange> done = new CompletableFuture<>();
                    client.execute(new HttpExchange(0, "{}".getBytes(), System.nanoTime(), false, done::complete));
                    Thread.sleep(300);
                    client.cancelAll();
                    HttpExchange ex = done.get(5, TimeUnit.SECONDS);
                    assertThat(ex.errorType()).as(ex.error()).isEqualTo(ErrorType.INTERRUPTED);
                }
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }
}
