package dev.barrage.load;

import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real process with a tiny open-file limit: one clear error with the remedy, and the files kept. */
class LocalLimitsTest {
    @TempDir
    Path outputs;

    /**
     * The test class path with its folders packed into one jar. As shipped, Barrage runs from one
     * jar that stays open; run from class folders, every class loaded after the descriptors ran
     * out would fail to load, which says nothing about Barrage itself.
     */
    private String jarredClassPath() throws Exception {
        java.util.List<String> entries = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                entries.add(entry);
                continue;
            }
            Path jar = outputs.resolve("classes-" + entries.size() + ".jar");
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                    java.util.stream.Stream<Path> files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new java.util.jar.JarEntry(p.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    @Test
    void runningOutOfFileDescriptorsStopsWithTheRemedy() throws Exception {
        SimServer sim = SimServer.start(SimConfig.builder().port(0).ttftMs(500).itlMs(5).maxBatch(1000).build());
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = "ulimit -n 160 && exec '" + java + "' -cp '" + jarredClassPath()
                    + "' dev.barrage.Main perf --url " + sim.baseUrl() + "/v1/chat/completions --model m"
                    + " --parallel 400 --number 400 --max-tokens 2 --total-timeout 30 --no-test-connection"
                    + " --outputs-dir '" + outputs + "' --no-timestamp --name fds";
            Path log = outputs.resolve("console.txt");
            Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("ran out of file descriptors (limit 160)").contains("ulimit -n");
            Path step = outputs.resolve("fds/parallel_400_number_400");
            assertThat(Files.readString(step.resolve("benchmark_summary.json"))).contains("fd_exhausted");
        } finally {
            sim.close();
        }
    }
}
