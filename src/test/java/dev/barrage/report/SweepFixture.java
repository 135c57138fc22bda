package dev.barrage.report;

import dev.barrage.Barrage;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.load.StopSignal;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Two real sweeps against the simulator on loopback, run once per test JVM and shared by the
 * report tests (each test that changes files works on a copy): A with a 10 ms ITL, B with 14 ms.
 */
final class SweepFixture {
    static final String SECRET = "sk-planted-secret-42";
    private static BenchmarkResults a;
    private static BenchmarkResults b;
    /** Everything sweep A printed. */
    static String consoleA = "";

    private SweepFixture() {
    }

    static synchronized BenchmarkResults sweepA() {
        if (a == null) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            a = run("sweep-a", 10, console);
            consoleA = console.toString(StandardCharsets.UTF_8);
        }
        return a;
    }

    static synchronized BenchmarkResults sweepB() {
        if (b == null) {
            b = run("sweep-b", 14, new ByteArrayOutputStream());
        }
        return b;
    }

    private static BenchmarkResults run(String name, double itlMs, ByteArrayOutputStream console) {
        try (SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(30).itlMs(itlMs).itlGrowth(0.01)
                .prefillUsPerToken(0).maxBatch(4).build())) {
            Path outputs = Files.createTempDirectory("barrage-report-test");
            Arguments args = Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("m")
                    .name(name).parallel(1, 6).number(6, 24).maxTokens(12).sleepInterval(0.0).apiKey(SECRET)
                    .outputsDir(outputs).build();
            return Barrage.runPerfBenchmark(args, new dev.barrage.report.Console(
                    new PrintStream(console, true, StandardCharsets.UTF_8), false), new StopSignal());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a sweep root, for tests that rewrite files. */
    static Path copy(Path root, Path into) throws IOException {
        Path target = into.resolve(root.getParent().getFileName().toString()).resolve(root.getFileName().toString());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Path dest = target.resolve(root.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }
}
