package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real `barrage perf` processes: stopped by SIGTERM (exit 130, every file written), and on a JVM that picked SerialGC. */
class InterruptTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outputs;

    @Test
    void sigtermMidRunWritesEverythingMeasuredAndExits130() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.barrage.Main", "perf",
                "--parallel", "4", "1", "--number", "100000", "10", "--max-tokens", "16", "--outputs-dir",
                outputs.toString(), "--no-timestamp", "--name", "stopped", "--log-every-n-query", "50")
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> running = new CompletableFuture<>();
        Thread reader = readLines(p, lines, line -> line.contains("done,") && !line.contains(" 0/"), running);
        running.get(60, TimeUnit.SECONDS);
        Thread.sleep(500);
        new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits after the grace period").isTrue();
        reader.join(5000);
        String output;
        synchronized (lines) {
            output = String.join("\n", lines);
        }
        assertThat(p.exitValue()).as(output).isEqualTo(130);

        Path root = outputs.resolve("stopped");
        Path step = root.resolve("parallel_4_number_100000");
        JsonNode summary = JSON.readTree(step.resolve("benchmark_summary.json").toFile());
        int total = summary.get("Total Requests").asInt();
        int interrupted = summary.get("Interrupted Requests").asInt();
        assertThat(total).isPositive().isLessThan(100000);
        assertThat(summary.get("Planned Requests").asInt()).isEqualTo(100000);
        assertThat(summary.get("Failed Requests").asInt()).isZero();
        assertThat(step.resolve("benchmark_percentile.json")).exists();
        assertThat(root.resolve("performance_summary.txt")).content().contains("(interrupted)");
        assertThat(root.resolve("parallel_1_number_10")).as("later runs are not started").doesNotExist();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + step.resolve("benchmark_data.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM result")) {
            assertThat(rs.getInt(1)).as("one row per request sent").isEqualTo(total + interrupted);
        }
        assertThat(output).contains("Stopping (SIGTERM)").contains("Interrupted: results of 1 run(s)");
    }

    @Test
    void sigtermDuringTheConnectionTestExits130AtOnce() throws Exception {
        // A server that keeps answering 503: the connection test would retry for about 10 s.
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread responder = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        s.getInputStream().read(new byte[8192]);
                        s.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 7\r\n"
                                + "Connection: close\r\n\r\nloading").getBytes(StandardCharsets.US_ASCII));
                    } catch (java.io.IOException closed) {
                        // the test ended
                    }
                }
            });
            responder.setDaemon(true);
            responder.start();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.barrage.Main", "perf",
                    "--url", "http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions", "--model", "m",
                    "--outputs-dir", outputs.toString()).redirectErrorStream(true).start();
            // the signal must find the handlers in place (a busy machine can take seconds to start a JVM):
            // wait for the line printed once the client is warm and the connection test begins
            List<String> lines = new ArrayList<>();
            CompletableFuture<Void> testing = new CompletableFuture<>();
            Thread reader = readLines(p, lines, line -> line.startsWith("Client warm-up"), testing);
            testing.get(60, TimeUnit.SECONDS);
            Thread.sleep(1500); // inside the 10 s of retries against the 503s
            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            String output;
            synchronized (lines) {
                output = String.join("\n", lines);
            }
            assertThat(p.exitValue()).as(output).isEqualTo(130);
            assertThat((System.nanoTime() - signalled) / 1e9).as("stops within the retry pause").isLessThan(5);
            assertThat(output).contains("Stopped during the connection test");
        }
    }

    @Test
    void aJvmOnSerialGcIsToldAndTheCollectorIsRecorded() throws Exception {
        // what a JVM picks by itself on one CPU; the launcher chooses ZGC
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.barrage.Main", "perf", "--parallel", "1", "--number", "1", "--max-tokens", "2",
                "--no-client-warmup", "--outputs-dir", outputs.toString(), "--no-timestamp", "--name", "serial")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("The JVM collects garbage with SerialGC").contains("-XX:+UseZGC");
        JsonNode meta = JSON.readTree(outputs.resolve("serial/run_meta.json").toFile());
        assertThat(meta.get("garbage_collectors").toString()).contains("Copy");
        assertThat(meta.get("jvm_arguments").toString()).contains("-XX:+UseSerialGC");
        assertThat(meta.at("/client_warmup/status").asText()).isEqualTo("off");
    }

    /** Collects the process's output lines; completes {@code seen} at the first line that matches. */
    private static Thread readLines(Process p, List<String> lines, java.util.function.Predicate<String> match,
            CompletableFuture<Void> seen) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (match.test(line)) {
                        seen.complete(null);
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.start();
        return reader;
    }
}
