package dev.barrage.servermetrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server of /metrics pages as the four engines write them (the {@code *.prom}
 * fixtures beside this class), whose counters and histograms grow by a fixed step per scrape:
 * {@code {{k*N}}} is N times the number of the scrape of that path (1, 2, 3...). Also a page whose
 * counters reset (the server "restarts" after its second scrape), a slow one, a malformed one, one
 * answering 500, an OpenMetrics page cut short, and one that stalls in the middle of its body.
 *
 * <p>Paths: {@code /vllm}, {@code /sglang}, {@code /tgi}, {@code /llamacpp}, {@code /vllm-reset},
 * {@code /slow} (answers after 5 s), {@code /broken}, {@code /error}, {@code /truncated},
 * {@code /stall} (headers, half a page, then nothing for 5 s).
 */
final class EngineMetricsServer implements AutoCloseable {
    private static final Pattern STEP = Pattern.compile("\\{\\{k\\*([0-9.]+)}}");
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> scrapes = new ConcurrentHashMap<>();

    EngineMetricsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Scrapes answered on {@code path} so far. */
    int scrapes(String path) {
        return scrapes.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    /** The template with each {@code {{k*N}}} replaced by k × N. */
    static String fill(String template, int k) {
        Matcher m = STEP.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Double.toString(k * Double.parseDouble(m.group(1))));
        }
        return m.appendTail(out).toString();
    }

    static String template(String engine) throws IOException {
        try (InputStream in = EngineMetricsServer.class.getResourceAsStream(engine + ".prom")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        int k = scrapes.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try {
            switch (path) {
                case "/vllm", "/sglang", "/tgi", "/llamacpp" -> send(ex, 200, "text/plain; version=0.0.4",
                        fill(template(path.substring(1)), k));
                case "/vllm-reset" -> send(ex, 200, "text/plain; version=0.0.4", fill(template("vllm"), k <= 2 ? k : k - 2));
                case "/slow" -> {
                    Thread.sleep(5000);
                    send(ex, 200, "text/plain", fill(template("vllm"), k));
                }
                case "/broken" -> send(ex, 200, "text/plain", "vllm:num_requests_running{model_name=\"m\" 1\n");
                case "/error" -> send(ex, 500, "text/plain", "Internal Server Error\n");
                case "/truncated" -> send(ex, 200, "application/openmetrics-text; version=1.0.0; charset=utf-8",
                        "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running 1\n");
                case "/stall" -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.sendResponseHeaders(200, 0);
                    OutputStream out = ex.getResponseBody();
                    out.write("vllm:num_requests_running 1\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(5000);
                    out.close();
                }
                default -> send(ex, 404, "text/plain", "not found\n");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the scraper gave up on us
        } finally {
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
