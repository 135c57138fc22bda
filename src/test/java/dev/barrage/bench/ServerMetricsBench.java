package dev.barrage.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import dev.barrage.servermetrics.ServerMetricsScraper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * What scraping costs the client: {@code bench/server-metrics.sh [seconds]}. A child JVM serves a
 * vLLM page of an 8-engine deployment (the test fixture for engines 0-7: 200 samples, 23 KB); this JVM scrapes it at 1 s and at 100 ms into a SQLite file, as a run does,
 * and prints its own process CPU (user + system, every thread: HTTP client, parser, SQLite, JIT,
 * GC) over the window, minus the same process idle for as long, as a share of one core. Not a
 * test: figures vary with the machine and its load.
 */
public final class ServerMetricsBench {
    private ServerMetricsBench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && argv[0].equals("--serve")) {
            serve(Path.of(argv[1]));
            return;
        }
        double seconds = argv.length > 0 ? Double.parseDouble(argv[0]) : 30;
        Path dir = Files.createTempDirectory("barrage-server-metrics-bench");
        Path portFile = dir.resolve("port");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ServerMetricsBench.class.getName(), "--serve",
                portFile.toString()).inheritIO().start();
        try {
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                Thread.sleep(50);
            }
            String url = "http://127.0.0.1:" + Files.readString(portFile).strip() + "/metrics";
            System.out.printf(Locale.ROOT, "page: %s; %d cores; %.0f s per setting%n", url,
                    Runtime.getRuntime().availableProcessors(), seconds);
            measure(url, 0.05, Math.min(20, seconds), dir.resolve("warmup.db"), false); // JIT warm-up, not printed
            for (double interval : new double[] {1.0, 0.1}) {
                measure(url, interval, seconds, dir.resolve("bench-" + interval + ".db"), true);
            }
        } finally {
            server.destroy();
        }
    }

    private static void measure(String url, double intervalS, double seconds, Path db, boolean print)
            throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long idleStart = os.getProcessCpuTime();
        Thread.sleep(Math.round(seconds * 1000));
        long idleCpu = os.getProcessCpuTime() - idleStart;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA journal_mode=WAL");
        }
        long wallStart = System.nanoTime();
        long cpuStart = os.getProcessCpuTime();
        ServerMetricsScraper scraper = new ServerMetricsScraper(List.of(new ServerMetricsScraper.Endpoint(url, url)),
                intervalS, db, System.err::println);
        scraper.start();
        Thread.sleep(Math.round(seconds * 1000));
        List<ServerMetricsScraper.Totals> totals = scraper.stop();
        long cpu = os.getProcessCpuTime() - cpuStart;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long rows;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM server_metrics")) {
            rows = rs.getLong(1);
        }
        int scrapes = totals.get(0).scrapes();
        if (print) {
            double net = (cpu - idleCpu) / 1e9;
            System.out.printf(Locale.ROOT, "interval %5.2f s: %4d scrapes (%d failed), %6d rows, %4d samples per"
                    + " scrape; CPU %.3f s over %.1f s (idle JVM %.3f s): %.2f %% of one core, %.2f ms per scrape%n",
                    intervalS, scrapes, totals.get(0).failures(), rows, scrapes == 0 ? 0 : rows / scrapes, cpu / 1e9,
                    wall, idleCpu / 1e9, 100 * net / wall, 1000 * net / Math.max(1, scrapes));
        }
    }

    /** The child: serves the page and writes its port to {@code portFile}. */
    private static void serve(Path portFile) throws IOException {
        String template;
        try (InputStream in = ServerMetricsBench.class.getResourceAsStream("/dev/barrage/servermetrics/vllm.prom")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder page = new StringBuilder();
        for (int engine = 0; engine < 8; engine++) {
            for (String line : template.split("\n")) {
                if (line.startsWith("#") && engine > 0) {
                    continue;
                }
                page.append(line.replace("engine=\"0\"", "engine=\"" + engine + "\"")
                        .replace("{{k*", "{{").replaceAll("\\{\\{([0-9.]+)}}", "$1")).append('\n');
            }
        }
        byte[] body = page.toString().replaceAll("(?m)^(barrage_test|python_gc).*\\n", "")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/metrics", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.printf(Locale.ROOT, "serving %d bytes%n", body.length);
        Files.writeString(portFile, String.valueOf(server.getAddress().getPort()));
    }
}
