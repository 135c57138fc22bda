package dev.barrage.dataset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * What the image datasets ({@code flickr8k}, {@code kontext_bench}) share: each sample becomes one
 * user message of a text part and an {@code image_url} part whose URL is a
 * {@code data:<mime>;base64,} URL of the image file's original bytes. The MIME type comes from the
 * bytes (magic numbers), never from the file name. evalscope decodes each image and re-encodes it
 * as JPEG; sending the original bytes is more faithful to the dataset and of the same size class.
 */
final class ImagePrompts {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The image formats chat APIs accept, as named in error messages. */
    static final String KNOWN_FORMATS = "JPEG, PNG, WebP or GIF";

    /**
     * One sample read from disk, before encoding.
     *
     * @param text  the message's text part
     * @param image the image file's bytes, sent unchanged
     * @param mime  {@code image/jpeg}, {@code image/png}, ... (see {@link #mimeType})
     */
    record Sample(String text, byte[] image, String mime) {
    }

    private ImagePrompts() {
    }

    /** Image datasets put images in chat messages: a completions URL is an error. */
    static void requireChat(DatasetContext ctx) {
        if (!ctx.chat()) {
            throw BarrageException.invalidInput("--dataset " + ctx.name() + " sends images in chat messages: use a"
                    + " .../v1/chat/completions --url.");
        }
    }

    /**
     * The error for a run without {@code --dataset-path}: Barrage does not download image datasets.
     *
     * @param fetch what to download, e.g. "the WebDataset shards test/*.tar of clip-benchmark/wds_flickr8k"
     * @param give  what to pass, e.g. "a shard or their folder"
     */
    static BarrageException missingPath(DatasetContext ctx, String fetch, String give) {
        return BarrageException.invalidInput("Missing option '--dataset-path' for --dataset " + ctx.name()
                + ": Barrage does not download it. Fetch " + fetch + " (Hugging Face or ModelScope) and give "
                + give + " with --dataset-path.");
    }

    /** {@code --dataset-path}, which must exist (a file or a folder). */
    static Path existingPath(DatasetContext ctx, String fetch, String give) {
        if (ctx.args().datasetPath() == null) {
            throw missingPath(ctx, fetch, give);
        }
        Path path = Path.of(ctx.args().datasetPath());
        if (!Files.exists(path)) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--dataset-path': no such file or"
                    + " folder.");
        }
        if (!Files.isReadable(path)) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--dataset-path': permission"
                    + " denied.");
        }
        return path;
    }

    /**
     * The MIME type of an image from its first bytes, or {@code null} when it is none of
     * {@link #KNOWN_FORMATS}.
     */
    static String mimeType(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return "image/png";
        }
        if (startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBP"))) {
            return "image/webp";
        }
        if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
            return "image/gif";
        }
        return null;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] b, int offset, byte[] magic) {
        if (b.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Image file {@code file} with {@code text}; an error names the file if it is not an image. */
    static Sample readImage(Path file, String text) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read image '" + file + "': " + e.getMessage() + ".");
        }
        String mime = mimeType(bytes);
        if (mime == null) {
            throw BarrageException.invalidInput("The file '" + file + "' is not a " + KNOWN_FORMATS + " image.");
        }
        return new Sample(text, bytes, mime);
    }

    /** The samples as prompts, base64 encoded on every core, in order. */
    static List<Prompt> prompts(DatasetContext ctx, List<Sample> samples) {
        return ctx.parallel(samples.size(), i -> prompt(samples.get(i)));
    }

    /** One user message: the text, then the image as a data URL. */
    static Prompt prompt(Sample s) {
        ArrayNode content = NODES.arrayNode();
        content.addObject().put("type", "text").put("text", s.text());
        content.addObject().put("type", "image_url").putObject("image_url").put("url",
                "data:" + s.mime() + ";base64," + Base64.getEncoder().encodeToString(s.image()));
        ArrayNode messages = NODES.arrayNode();
        ObjectNode user = messages.addObject().put("role", "user");
        user.set("content", content);
        return Prompt.ofMessages(messages);
    }
}
