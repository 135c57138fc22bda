package dev.barrage.load;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.config.Arguments;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.store.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An outputs folder Barrage cannot write to, or whose disk is full, stops the sweep with one
 * clear error (exit 2) before any measured request is sent — a read-only or full disk before the
 * connection test too. The read-only and full disks are real tmpfs mounts ({@link Tmpfs}), made
 * when the tests run as root (as CI does); elsewhere those two tests are skipped and only the
 * injected case (a path through a regular file) runs.
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
    void aReadOnlyDiskIsRefusedBeforeAnyRequest() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir, "ro,size=1m"); SimServer sim = sim()) {
            BarrageException e = runInto(disk.path().resolve("outputs"), sim);
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("--outputs-dir").containsIgnoringCase("read-only");
            assertThat(sim.stats().requestsReceived()).as("not even the connection test").isZero();
        }
    }

    @Test
    void aFullDiskIsRefusedBeforeAnyRequest() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir, "size=128k"); SimServer sim = sim()) {
            disk.fill("filler");
            BarrageException e = runInto(disk.path().resolve("outputs"), sim);
            assertThat(e).isNotNull();
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).contains("--outputs-dir").contains("the disk is full");
            assertThat(sim.stats().requestsReceived()).as("not even the connection test").isZero();
        }
    }
}
