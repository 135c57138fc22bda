package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Test fixtures made at test time, never checked in: tiny JPEG and PNG images drawn with
 * javax.imageio, and WebDataset shards (tar files) of named members.
 */
public final class ImageFixtures {
    private ImageFixtures() {
    }

    /** A {@code size}x{@code size} image of one colour, encoded as {@code format} ("jpeg", "png"). */
    public static byte[] image(String format, int size, int rgb) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, rgb ^ (x * 7 + y * 13));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] jpeg(int rgb) {
        return image("jpeg", 8, rgb);
    }

    public static byte[] png(int rgb) {
        return image("png", 8, rgb);
    }

    /** Writes a tar file whose members are the entries of {@code members}, in iteration order. */
    public static Path tar(Path file, Map<String, byte[]> members) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file)) {
            writeTar(raw, members);
        }
        return file;
    }

    public static void writeTar(OutputStream raw, Map<String, byte[]> members) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> m : members.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(m.getKey());
                e.setSize(m.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(m.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    /** {@code load} fails with one line (exit code 2) containing every one of {@code contains}. */
    static void assertOneLineInvalidInput(Runnable load, String... contains) {
        assertThatThrownBy(load::run).isInstanceOfSatisfying(BarrageException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(e.getMessage()).doesNotContain("\n").contains(contains);
        });
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
