package dev.barrage.load;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An outputs folder Barrage cannot write to, or whose disk is full, stops the sweep with one
 * clear error (exit 2) before any measured request is sent. The read-only and full disks are
 * real tmpfs mounts, made when the tests run as root (as CI does); elsewhere those two tests are
 * skipped and only the injected case (a path through a regular file) runs.
 */
class OutputsDirTest {
    @TempDir
    Path dir;

    private static BarrageException runInto(Path outputs, SimServer sim) {
        Arguments args = Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("m")
                .outputsDir(outputs).parallel(2).number(20).maxTokens(4).sleepInterval(0.0).build();
        return catchThrowableOfType(BarrageException.class,
                () -> PerfEndToEndTest.run(args, new ByteArrayOutputStream()));
    }

    private static SimServer sim() {
        return SimServer.start(SimConfig.builder().port(0).ttftMs(1).itlMs(1).build());
    }

    @Test
    void aPathThroughAFileIsRefusedBeforeTheLoadStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        try (SimServer sim = sim()) {
            BarrageException e = runInto(file.resolve("outputs"), sim);
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("--outputs-dir").contains("writable folder");
            assertThat(sim.stats().requestsReceived()).as("only the connection test").isEqualTo(1);
        }
    }

    @Test
    void aReadOnlyDiskIsRefusedBeforeTheLoadStarts() throws Exception {
        Path mount = mount("ro,size=1m");
        try (SimServer sim = sim()) {
            BarrageException e = runInto(mount.resolve("outputs"), sim);
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("--outputs-dir").containsIgnoringCase("read-only");
            assertThat(sim.stats().requestsReceived()).isEqualTo(1);
        } finally {
            unmount(mount);
        }
    }

    @Test
    void aFullDiskIsRefusedBeforeTheLoadStarts() throws Exception {
        Path mount = mount("size=128k");
        try (SimServer sim = sim()) {
            try (OutputStream out = Files.newOutputStream(mount.resolve("filler"))) {
                byte[] block = new byte[4096];
                for (int i = 0; i < 1024; i++) {
                    out.write(block);
                }
            } catch (java.io.IOException full) {
                // the disk is full now, as intended
            }
            BarrageException e = runInto(mount.resolve("outputs"), sim);
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("--outputs-dir").contains("the disk is full");
            assertThat(sim.stats().requestsReceived()).isEqualTo(1);
        } finally {
            unmount(mount);
        }
    }

    /** A fresh tmpfs with these options; skips the test where mounting is not allowed. */
    private Path mount(String options) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("mnt"));
        int rc = run("mount", "-t", "tmpfs", "-o", options, "barrage-test", mount.toString());
        assumeTrue(rc == 0, "mounting a tmpfs needs root; skipped");
        return mount;
    }

    private static void unmount(Path mount) throws Exception {
        run("umount", mount.toString());
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (java.io.IOException noSuchCommand) {
            return -1;
        }
    }
}
