package dev.barrage.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A chat-completions server on loopback that remembers every request it got — when it arrived
 * ({@link System#nanoTime()} as the handler starts), its headers and its body — and answers each,
 * after {@code replyMillis}, with a two-event SSE stream (one token, then usage). For tests that
 * must see what the client really sent, headers included.
 */
final class RecordingChatServer implements AutoCloseable {
    /** One request as the server saw it; header names are lower case. */
    record Seen(long arrivalNanos, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new ArrayList<>();
    private final long replyMillis;

    RecordingChatServer(long replyMillis) throws IOException {
        this.replyMillis = replyMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
    }

    /** Every request so far, in arrival order. */
    synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    synchronized void clear() {
        seen.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        long now = System.nanoTime();
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (this) {
            seen.add(new Seen(now, headers, body));
        }
        try {
            Thread.sleep(replyMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
                    + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}\n\n"
                    + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
