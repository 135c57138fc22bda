package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A real HTTP server on loopback standing in for a tracking service: it records every exchange
 * (method, path, query, headers, body) and answers from a test-supplied function, so a test can
 * check each request the visualizer sent, field by field.
 */
final class RecordingServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. Header names are lower-case. */
    record Exchange(String method, String path, String query, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** An answer: status and JSON text. */
    record Reply(int status, String body) {
        static Reply ok(String json) {
            return new Reply(200, json);
        }
    }

    private final HttpServer server;
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    RecordingServer(Function<Exchange, Reply> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            Exchange e = new Exchange(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(), headers,
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchanges.add(e);
            Reply reply = answer.apply(e);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
