package dev.barrage.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.Main;
import dev.barrage.dashboard.DashboardConfig;
import dev.barrage.dashboard.DashboardServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard against damaged runs and hostile clients (issue 13): a corrupt database answers
 * 500 naming the file while everything else is served; a client that stalls half-way through a
 * request neither holds up the others nor keeps its connection; requests for a host name the
 * dashboard does not serve (DNS rebinding) are refused. Real files, real sockets.
 */
class DashboardFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outputs;
    @TempDir
    Path scratch;

    /** What the server sent before it closed the connection. */
    record Answer(int status, String body) {
    }

    @Test
    void corruptDatabaseAnswers500NamingTheFileWhileOtherRunsAreServed() throws Exception {
        Path a = SweepFixture.copy(SweepFixture.sweepA().outputDir(), outputs);
        Path b = SweepFixture.copy(SweepFixture.sweepB().outputDir(), outputs);
        Path garbled = copyAs(a, "sweep-garbled");
        Path garbledDb = firstDatabase(garbled);
        byte[] bytes = Files.readAllBytes(garbledDb);
        for (int i = 100; i < bytes.length; i += 7) { // the header stays, so SQLite opens it and finds pages damaged
            bytes[i] = 0x5a;
        }
        Files.write(garbledDb, bytes);
        Path badRow = copyAs(a, "sweep-bad-row");
        Path badRowDb = firstDatabase(badRow);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + badRowDb);
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE result SET inter_token_latencies = 'not a list' WHERE rowid = 1");
        }

        try (DashboardServer server = DashboardServer.start(outputs, 0)) {
            int port = server.port();
            Answer garbledPage = get(port, "/report?run=" + id(garbled));
            assertThat(garbledPage.status()).isEqualTo(500);
            assertThat(garbledPage.body()).contains("'" + garbledDb + "'").contains("malformed")
                    .contains("other runs are still served").hasLineCount(1);
            Answer badRowPage = get(port, "/report?run=" + id(badRow));
            assertThat(badRowPage.status()).isEqualTo(500);
            assertThat(badRowPage.body()).contains("'" + badRowDb + "'").contains("inter_token_latencies")
                    .hasLineCount(1);
            Answer comparison = get(port, "/compare?a=" + id(a) + "&b=" + id(garbled));
            assertThat(comparison.status()).isEqualTo(500);
            assertThat(comparison.body()).contains("'" + garbledDb + "'");

            assertThat(get(port, "/report?run=" + id(a)).status()).isEqualTo(200);
            assertThat(get(port, "/report?run=" + id(b)).body()).contains("Barrage performance report");
            assertThat(get(port, "/compare?a=" + id(a) + "&b=" + id(b)).status()).isEqualTo(200);
            Answer index = get(port, "/");
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.body()).contains("4 sweep(s)").contains("sweep-garbled").contains("sweep-bad-row");
            assertThat(JSON.readTree(get(port, "/api/runs").body())).hasSize(4);
        }
    }

    @Test
    void halfSentRequestsNeitherHoldUpOtherClientsNorKeepTheirConnection() throws Exception {
        Duration timeout = Duration.ofMillis(1500);
        try (DashboardServer server = DashboardServer.start(DashboardConfig.loopback(outputs, 0)
                .withRequestTimeout(timeout));
             Socket stalled = connect(server.port());
             Socket dribbling = connect(server.port())) {
            long opened = System.nanoTime();
            write(stalled, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // no blank line: the request never ends
            write(dribbling, "GET /api/runs HTTP/1.1\r\n");
            for (int i = 0; i < 3; i++) { // other clients come while both are held open
                long asked = System.nanoTime();
                Answer index = get(server.port(), "/");
                assertThat(index.status()).isEqualTo(200);
                assertThat(index.body()).contains("No runs yet");
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
                write(dribbling, "X-Slow: " + i + "\r\n"); // bytes keep coming, the request never completes
            }

            long stalledClosed = millisUntilClosed(stalled, opened);
            // one header line every 300 ms defeats a read timeout, not a deadline on the whole request
            Thread dribbler = new Thread(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        Thread.sleep(300);
                        write(dribbling, "X-Slow: more\r\n");
                    }
                } catch (IOException | InterruptedException closed) {
                    // the server closed it: what the test waits for
                }
            });
            dribbler.setDaemon(true);
            dribbler.start();
            long dribblingClosed = millisUntilClosed(dribbling, opened);
            assertThat(stalledClosed).isBetween(1_000L, 15_000L);
            assertThat(dribblingClosed).isBetween(1_000L, 15_000L);
            assertThat(JSON.readTree(get(server.port(), "/api/runs").body()).isArray()).isTrue();
        }
    }

    @Test
    void answersOnlyToLoopbackHostNames() throws Exception {
        try (DashboardServer server = DashboardServer.start(outputs, 0)) {
            int port = server.port();
            Answer evil = exchange(port, "GET /api/runs HTTP/1.1\r\nHost: evil.example\r\n\r\n");
            assertThat(evil.status()).isEqualTo(403);
            assertThat(evil.body()).contains("refused").contains("'evil.example'").contains("--host evil.example")
                    .hasLineCount(1).doesNotContain("[");
            for (String refused : new String[] {"evil.example:" + port, "127.0.0.1.evil.example", "localhost.evil.example",
                    "10.1.2.3", "[::1", "localhost:80x"}) {
                assertThat(exchange(port, "GET / HTTP/1.1\r\nHost: " + refused + "\r\n\r\n").status())
                        .as("Host: %s", refused).isEqualTo(403);
            }
            assertThat(exchange(port, "GET / HTTP/1.0\r\n\r\n").status()).as("no Host").isEqualTo(403);
            for (String served : new String[] {"localhost:" + port, "localhost", "LOCALHOST.", "127.0.0.1:" + port,
                    "127.1.2.3", "[::1]:" + port}) {
                Answer answer = exchange(port, "GET /api/runs HTTP/1.1\r\nHost: " + served + "\r\n\r\n");
                assertThat(answer.status()).as("Host: %s", served).isEqualTo(200);
                assertThat(JSON.readTree(answer.body()).isArray()).as("Host: %s", served).isTrue();
            }
        }
    }

    @Test
    void aHostOrPortItCannotListenOnIsOneLineAndExitCode2() throws Exception {
        // 192.0.2.1 is a documentation address: never one of this machine's, and no DNS lookup
        assertOneLineError(runMain("dashboard", outputs.toString(), "--port", "0", "--host", "192.0.2.1"),
                "Cannot listen on 192.0.2.1:0", "--host");
        try (DashboardServer busy = DashboardServer.start(outputs, 0)) {
            assertOneLineError(runMain("dashboard", outputs.toString(), "--port", String.valueOf(busy.port())),
                    "Cannot listen on 127.0.0.1:" + busy.port(), "choose another --port");
        }
    }

    private static void assertOneLineError(String[] codeAndErr, String... contains) {
        assertThat(codeAndErr[0]).isEqualTo("2");
        assertThat(codeAndErr[1].strip().lines()).hasSize(1);
        assertThat(codeAndErr[1]).startsWith("barrage: error: ").contains(contains).doesNotContain("\tat ");
    }

    /** {@code barrage args…} in this JVM: the exit code and what it printed on stderr. */
    private static String[] runMain(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), err.toString()};
    }

    private String id(Path sweepRoot) {
        return URLEncoder.encode(outputs.relativize(sweepRoot).toString(), StandardCharsets.UTF_8);
    }

    /** Another copy of a sweep root next to it, under a new name (so the index finds it as a sweep). */
    private Path copyAs(Path root, String name) throws IOException {
        Path copy = SweepFixture.copy(root, scratch.resolve(name));
        return Files.move(copy, root.resolveSibling(name));
    }

    private static Path firstDatabase(Path sweepRoot) throws IOException {
        try (Stream<Path> files = Files.walk(sweepRoot)) {
            return files.filter(p -> p.getFileName().toString().equals("benchmark_data.db")).sorted().findFirst()
                    .orElseThrow();
        }
    }

    private static Answer get(int port, String path) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
    }

    /** Sends a raw request and reads the answer up to the close the dashboard ends every answer with. */
    private static Answer exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port)) {
            write(socket, request);
            String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = raw.indexOf("\r\n\r\n");
            assertThat(headEnd).as("an HTTP answer, got: %s", raw).isPositive();
            return new Answer(Integer.parseInt(raw.substring(9, 12)), raw.substring(headEnd + 4).strip());
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Milliseconds from {@code since} until the server closed the socket; it must send nothing first. */
    private static long millisUntilClosed(Socket socket, long since) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                received.write(b);
            }
        } catch (SocketException reset) {
            // closed with unread bytes in its buffer: a reset, also a close
        }
        assertThat(received.toString(StandardCharsets.UTF_8)).isEmpty();
        return Duration.ofNanos(System.nanoTime() - since).toMillis();
    }
}
