package dev.barrage.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real, small tmpfs mounted for one test: a disk that fills up, or is read-only, exactly as a
 * real one does (ENOSPC, EROFS). Mounting needs root, as CI has; elsewhere the test is skipped.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path mount;

    private Tmpfs(Path mount) {
        this.mount = mount;
    }

    /** Mounts a fresh tmpfs with these options ({@code size=20m}, {@code ro,size=1m}) on {@code dir/mnt}. */
    public static Tmpfs mount(Path dir, String options) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("mnt"));
        int rc = run("mount", "-t", "tmpfs", "-o", options, "barrage-test", mount.toString());
        assumeTrue(rc == 0, "mounting a tmpfs needs root; skipped");
        return new Tmpfs(mount);
    }

    public Path path() {
        return mount;
    }

    /** Writes {@code name} until the disk is full; returns the bytes written. */
    public long fill(String name) throws IOException {
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(mount.resolve(name))) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space")) {
                throw full;
            }
            return written;
        }
    }

    @Override
    public void close() throws Exception {
        run("umount", mount.toString());
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException noSuchCommand) {
            return -1;
        }
    }
}
