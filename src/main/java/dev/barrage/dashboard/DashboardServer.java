package dev.barrage.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.barrage.BarrageException;
import dev.barrage.report.HtmlReport;
import dev.barrage.report.SweepData;
import dev.barrage.report.SweepLoader;
import dev.barrage.store.JsonFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The dashboard's HTTP server, bound to loopback only. Routes: {@code /} the list of sweeps,
 * {@code /report?run=ID} one sweep's report, {@code /compare?a=ID&b=ID} two sweeps compared,
 * {@code /api/runs} the list as JSON. IDs are looked up in the index, never used as paths, so no
 * request can reach a file outside the outputs folder.
 */
public final class DashboardServer implements AutoCloseable {
    private final HttpServer server;
    private final RunIndex index;

    private DashboardServer(HttpServer server, RunIndex index) {
        this.server = server;
        this.index = index;
    }

    /** Starts serving {@code outputs} on 127.0.0.1:{@code port} (0 = any free port). */
    public static DashboardServer start(Path outputs, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            DashboardServer dashboard = new DashboardServer(server, new RunIndex(outputs));
            server.createContext("/", dashboard::handle);
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "barrage-dashboard");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return dashboard;
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose another --port.");
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "text/plain", "only GET");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            switch (ex.getRequestURI().getPath()) {
                case "/" -> send(ex, 200, "text/html", IndexPage.render(index, index.scan()));
                case "/report" -> withRuns(ex, List.of(String.valueOf(q.get("run"))),
                        runs -> HtmlReport.sweep(runs.get(0)));
                case "/compare" -> withRuns(ex, List.of(String.valueOf(q.get("a")), String.valueOf(q.get("b"))),
                        runs -> HtmlReport.comparison(runs.get(0), runs.get(1)));
                case "/api/runs" -> send(ex, 200, "application/json", runsJson());
                default -> send(ex, 404, "text/plain", "not found");
            }
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain", "cannot build the page: " + e.getMessage());
        }
    }

    private interface Page {
        String render(List<SweepData> runs);
    }

    private void withRuns(HttpExchange ex, List<String> ids, Page page) throws IOException {
        List<Optional<RunIndex.Entry>> entries = ids.stream().map(index::find).toList();
        if (entries.stream().anyMatch(Optional::isEmpty)) {
            send(ex, 404, "text/plain", "unknown run: pick runs from the list at /");
            return;
        }
        List<SweepData> runs = entries.stream().map(e -> SweepLoader.load(e.get().root())).toList();
        send(ex, 200, "text/html", withBackLink(page.render(runs)));
    }

    /** The report pages are the files' pages; served here they get a way back to the list. */
    static String withBackLink(String page) {
        return page.replaceFirst("<body>", "<body><nav style=\"background:#1e293b;padding:6px 32px;font:13px system-ui,"
                + "sans-serif\"><a href=\"/\" style=\"color:#93c5fd\">&larr; all runs</a></nav>");
    }

    private String runsJson() throws IOException {
        List<Map<String, Object>> list = index.scan().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("model", e.model());
            m.put("target", e.target());
            m.put("runs", e.steps().size());
            m.put("peak_rps", e.peak("Req Throughput (req/s)"));
            return m;
        }).toList();
        return JsonFiles.mapper().writeValueAsString(list);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
