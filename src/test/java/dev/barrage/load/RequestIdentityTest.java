package dev.barrage.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.barrage.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request carries an id and a W3C traceparent, and its row keeps them with the server's own
 * ids (the echoed request id header, the body's id), so rows join with server logs and traces.
 */
class RequestIdentityTest {
    /** A chat server that echoes the request id header it is told of, or makes one up, and numbers its replies. */
    private HttpServer server;
    private final List<Map<String, String>> seen = new ArrayList<>();
    private final AtomicInteger replies = new AtomicInteger();
    private volatile String echoed = "x-request-id";

    @TempDir
    Path outputs;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) { // the run metadata's GET /v1/models
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        ex.getRequestBody().readAllBytes();
        synchronized (seen) {
            seen.add(headers);
        }
        int n = replies.incrementAndGet();
        String id = headers.get(echoed);
        ex.getResponseHeaders().set(echoed, id != null ? "srv-" + id : "srv-made-" + n);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(("data: {\"id\":\"chatcmpl-" + n + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
                    + "data: {\"id\":\"chatcmpl-" + n + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,"
                    + "\"completion_tokens\":1}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private Path perf(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("perf", "--url", "http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1/chat/completions", "--model", "m", "--parallel", "2", "--number", "6", "--outputs-dir",
                outputs.toString(), "--no-test-connection", "--no-client-warmup"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(out, true));
        assertThat(code).as(out.toString()).isZero();
        try (Stream<Path> files = Files.walk(outputs)) {
            return files.filter(f -> f.getFileName().toString().equals("benchmark_data.db")).findFirst().orElseThrow();
        }
    }

    private record Row(String requestId, String sent, String traceparent, String server, String response) {
    }

    private static List<Row> rows(Path db) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT request_id, sent_request_id, traceparent,"
                     + " server_request_id, response_id FROM result ORDER BY CAST(request_id AS INTEGER)")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
        }
        return rows;
    }

    @Test
    void eachRowHoldsWhatWasSentAndWhatTheServerAnswered() throws Exception {
        List<Row> rows = rows(perf());
        assertThat(rows).hasSize(6);
        Set<String> sentIds = new HashSet<>();
        Set<String> traces = new HashSet<>();
        synchronized (seen) {
            seen.forEach(h -> {
                sentIds.add(h.get("x-request-id"));
                traces.add(h.get("traceparent"));
            });
        }
        String token = rows.get(0).sent().split("-")[0];
        assertThat(token).matches("[0-9a-f]{8}");
        for (Row r : rows) {
            assertThat(r.sent()).isEqualTo(token + "-" + r.requestId());
            assertThat(sentIds).contains(r.sent());
            assertThat(r.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").isIn(traces);
            assertThat(r.server()).isEqualTo("srv-" + r.sent());
            assertThat(r.response()).startsWith("chatcmpl-");
        }
        assertThat(rows.stream().map(Row::traceparent).map(t -> t.substring(3, 35)).distinct()).as("a trace each")
                .hasSize(6);
        assertThat(rows.stream().map(Row::response).distinct()).hasSize(6);
    }

    @Test
    void theHeaderCanBeRenamedOrDropped() throws Exception {
        echoed = "X-Correlation-Id";
        List<Row> renamed = rows(perf("--request-id-header", "X-Correlation-Id", "--no-traceparent", "--name", "a"));
        synchronized (seen) {
            assertThat(seen).allSatisfy(h -> {
                assertThat(h).containsKey("X-Correlation-Id").doesNotContainKey("traceparent")
                        .doesNotContainKey("x-request-id");
            });
            seen.clear();
        }
        assertThat(renamed).allSatisfy(r -> {
            assertThat(r.traceparent()).isNull();
            assertThat(r.server()).isEqualTo("srv-" + r.sent());
        });
        Files.walk(outputs).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(outputs))
                .forEach(p -> p.toFile().delete());
        echoed = "x-request-id";
        List<Row> none = rows(perf("--request-id-header", "none", "--name", "b"));
        synchronized (seen) {
            assertThat(seen).allSatisfy(h -> assertThat(h).doesNotContainKey("x-request-id").containsKey("traceparent"));
        }
        // the server's own id is still kept
        assertThat(none).allSatisfy(r -> {
            assertThat(r.sent()).isNull();
            assertThat(r.server()).startsWith("srv-made-");
        });
    }

    @Test
    void aBadHeaderNameIsAnInputError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"perf", "--url", "http://127.0.0.1:9/v1/chat/completions", "--model", "m",
                "--request-id-header", "x request"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("barrage: error: Invalid value 'x request' for option"
                + " '--request-id-header': not a header name");
    }
}
