package dev.barrage.dataset;

import dev.barrage.BarrageException;
import org.apache.commons.compress.archivers.ArchiveException;
import org.apache.commons.compress.archivers.ArchiveStreamFactory;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads image samples from WebDataset shards: tar files (optionally gzipped) whose members are
 * grouped into samples by key — the member's path up to the first dot of its file name, so
 * {@code s0000000.jpg}, {@code s0000000.txt} and {@code s0000000.cls} are one sample with the
 * extensions {@code jpg}, {@code txt} and {@code cls}. A sample's image is its {@code jpg},
 * {@code jpeg}, {@code png}, {@code webp} or {@code gif} member; its caption its {@code txt}
 * member; other members are skipped unread. Samples without an image are skipped.
 *
 * <p>Shards are streamed in order and reading stops after {@code limit} samples, so a sweep
 * that needs 100 prompts reads 100 images however large the shards are. Not thread-safe; used on
 * the main thread while the dataset loads.
 */
final class WebDatasetShards {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "gif");

    private WebDatasetShards() {
    }

    /**
     * Up to {@code limit} samples from {@code shards}, in order.
     *
     * @param text the text sent with each image: a fixed text, or {@code null} for the sample's
     *             caption ({@code .txt}), {@code fallback} when it has none
     */
    static List<ImagePrompts.Sample> read(List<Path> shards, int limit, String text, String fallback) {
        List<ImagePrompts.Sample> out = new ArrayList<>();
        for (Path shard : shards) {
            if (out.size() >= limit) {
                break;
            }
            readShard(shard, limit, text, fallback, out);
        }
        return out;
    }

    /** What has been read of the sample being assembled. */
    private static final class Pending {
        final String key;
        String imageName;
        byte[] image;
        String caption;

        Pending(String key) {
            this.key = key;
        }
    }

    private static void readShard(Path shard, int limit, String text, String fallback,
            List<ImagePrompts.Sample> out) {
        int before = out.size();
        try (InputStream in = open(shard); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            Pending p = null;
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String[] keyExt = e.isFile() ? keyAndExtension(e.getName()) : null;
                if (keyExt == null) {
                    continue;
                }
                if (p != null && !p.key.equals(keyExt[0])) {
                    add(p, shard, text, fallback, out);
                    p = null;
                    if (out.size() >= limit) {
                        return;
                    }
                }
                p = p == null ? new Pending(keyExt[0]) : p;
                String ext = keyExt[1].toLowerCase(Locale.ROOT);
                if (IMAGE_EXTENSIONS.contains(ext) && p.image == null) {
                    p.image = tar.readAllBytes();
                    p.imageName = e.getName();
                } else if (ext.equals("txt")) {
                    p.caption = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            if (p != null) {
                add(p, shard, text, fallback, out);
            }
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read the WebDataset shard '" + shard + "' given to"
                    + " '--dataset-path': " + e.getMessage() + ".");
        }
        if (out.size() == before) {
            throw BarrageException.invalidInput("The WebDataset shard '" + shard + "' (--dataset-path) has no images"
                    + " (members named <key>.jpg, .png, .webp or .gif).");
        }
    }

    private static void add(Pending p, Path shard, String text, String fallback, List<ImagePrompts.Sample> out) {
        if (p.image == null) {
            return;
        }
        String mime = ImagePrompts.mimeType(p.image);
        if (mime == null) {
            throw BarrageException.invalidInput("The member '" + p.imageName + "' of the WebDataset shard '" + shard
                    + "' is not a " + ImagePrompts.KNOWN_FORMATS + " image.");
        }
        String t = text != null ? text : p.caption != null && !p.caption.isBlank() ? p.caption : fallback;
        out.add(new ImagePrompts.Sample(t, p.image, mime));
    }

    /**
     * The WebDataset key and extension of a member: the path up to the first dot of the file name,
     * and the rest ({@code a/b.seg.png} → {@code a/b}, {@code seg.png}); {@code null} for a name
     * without either (hidden files such as {@code ._x.jpg} included).
     */
    static String[] keyAndExtension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.indexOf('.', slash + 1);
        if (dot <= slash + 1 || dot == name.length() - 1) {
            return null;
        }
        return new String[] {name.substring(0, dot), name.substring(dot + 1)};
    }

    /** The shard as a tar stream (gunzipped first when gzipped); an error if it is not a tar. */
    private static InputStream open(Path shard) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(shard), 1 << 16);
        try {
            in.mark(2);
            boolean gzip = in.read() == 0x1F && in.read() == 0x8B;
            in.reset();
            if (gzip) {
                in = new BufferedInputStream(new GzipCompressorInputStream(in), 1 << 16);
            }
            String type;
            try {
                type = ArchiveStreamFactory.detect(in);
            } catch (ArchiveException e) {
                type = null;
            }
            if (!ArchiveStreamFactory.TAR.equals(type)) {
                throw BarrageException.invalidInput("The file '" + shard + "' given to '--dataset-path' is not a tar"
                        + " file (a WebDataset shard)" + (type == null ? "" : ": it is a " + type + " archive") + ".");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
