package dev.barrage.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A server on loopback that answers each request with whatever its script makes of the request
 * body: a status, headers and a body, written as one fixed-length response. For tests of what
 * the client makes of answers no well-behaved API gives (a redirect, a web page, a rate limit, a
 * request rejected for its length).
 */
final class AnsweringServer implements AutoCloseable {
    /** One scripted response. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }

        /** A two-event chat stream: one token, then usage. */
        static Answer stream() {
            return new Answer(200, Map.of("Content-Type", "text/event-stream"),
                    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
                            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":1}}\n\n"
                            + "data: [DONE]\n\n");
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Function<String, Answer> script;
    /** POST requests answered so far (the run's metadata GETs {@code /models} as well). */
    final AtomicInteger posts = new AtomicInteger();

    /** @param script the answer for a request body */
    AnsweringServer(Function<String, Answer> script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The same answer to every request. */
    static AnsweringServer always(Answer answer) throws IOException {
        return new AnsweringServer(body -> answer);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String url() {
        return baseUrl() + "/v1/chat/completions";
    }

    private void handle(HttpExchange ex) throws IOException {
        String request = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (ex.getRequestMethod().equals("POST")) {
            posts.incrementAndGet();
        }
        Answer answer = script.apply(request);
        answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
