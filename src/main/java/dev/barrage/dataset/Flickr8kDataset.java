package dev.barrage.dataset;

import dev.barrage.BarrageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code flickr8k}: the images of Flickr8k's test split as published on the hub by clip-benchmark
 * ({@code clip-benchmark/wds_flickr8k}, a WebDataset: {@code test/0.tar}, ... whose samples are
 * {@code s0000000.jpg} with the image's five captions in {@code s0000000.txt}), read from local
 * files — Barrage does not download it. {@code --dataset-path} is a shard, a folder of shards (or
 * the downloaded repository, whose {@code test/} folder is used), or a folder of images with
 * optional {@code <name>.txt} captions beside them.
 *
 * <p>Each image becomes one user message: a text part and the image as a data URL of its original
 * bytes ({@link ImagePrompts}). The text is the sample's caption, as in evalscope's current
 * plug-in ({@code "Describe the image"} for an image without one), or the fixed
 * {@code --dataset-args '{"prompt": "..."}'}. At most {@code ctx.promptsNeeded()} images are
 * read; fewer are cycled. {@code --min/--max-prompt-length} do not apply (as in evalscope).
 */
public final class Flickr8kDataset implements DatasetPlugin {
    static final String REPO = "clip-benchmark/wds_flickr8k";
    static final String DEFAULT_TEXT = "Describe the image";
    private static final String FETCH = "the WebDataset shards test/*.tar of " + REPO;
    private static final String GIVE = "a shard, their folder, or a folder of .jpg images";

    @Override
    public List<String> names() {
        return List.of("flickr8k");
    }

    @Override
    public List<String> datasetArgs() {
        return List.of("prompt");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        ImagePrompts.requireChat(ctx);
        String text = fixedText(ctx);
        Path path = ImagePrompts.existingPath(ctx, FETCH, GIVE);
        int limit = ctx.promptsNeeded();
        List<ImagePrompts.Sample> samples;
        if (Files.isDirectory(path)) {
            Path dir = Files.isDirectory(path.resolve("test")) ? path.resolve("test") : path;
            List<Path> shards = list(dir, Flickr8kDataset::isShard);
            if (!shards.isEmpty()) {
                samples = WebDatasetShards.read(shards, limit, text, DEFAULT_TEXT);
            } else {
                List<Path> images = list(dir, p -> WebDatasetShards.IMAGE_EXTENSIONS.contains(extension(p)));
                if (images.isEmpty()) {
                    throw BarrageException.invalidInput("The folder '" + dir + "' given to '--dataset-path' has no"
                            + " WebDataset shards (.tar) and no images (.jpg, .jpeg, .png, .webp, .gif).");
                }
                samples = readImages(images.subList(0, Math.min(limit, images.size())), text);
            }
        } else {
            samples = WebDatasetShards.read(List.of(path), limit, text, DEFAULT_TEXT);
        }
        return new Dataset("flickr8k: " + samples.size() + " images from '" + path + "'",
                ImagePrompts.prompts(ctx, samples));
    }

    /** {@code --dataset-args '{"prompt": "..."}'}, or {@code null} for each sample's caption. */
    private static String fixedText(DatasetContext ctx) {
        Object v = ctx.args().datasetArgs().get("prompt");
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw BarrageException.invalidInput("Invalid value '" + v + "' for 'prompt' in option '--dataset-args':"
                    + " should be a non-empty string, e.g. '{\"prompt\": \"" + DEFAULT_TEXT + "\"}'.");
        }
        return s;
    }

    private static boolean isShard(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tar") || name.endsWith(".tar.gz") || name.endsWith(".tgz");
    }

    /** The file name's extension after its last dot, lower case. */
    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The regular files of {@code dir} accepted by {@code filter}, in natural order (2.tar before 10.tar). */
    private static List<Path> list(Path dir, Predicate<Path> filter) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(filter)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), Flickr8kDataset::natural)).toList();
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read the folder '" + dir + "' given to '--dataset-path': "
                    + e.getMessage() + ".");
        }
    }

    /** Compares names with runs of digits compared as numbers. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Images of a folder, each with the caption in {@code <key>.txt} beside it when there is one. */
    private static List<ImagePrompts.Sample> readImages(List<Path> images, String text) {
        List<ImagePrompts.Sample> out = new ArrayList<>(images.size());
        for (Path image : images) {
            String caption = text;
            if (caption == null) {
                String name = image.getFileName().toString();
                Path txt = image.resolveSibling(name.substring(0, name.indexOf('.', 1)) + ".txt");
                caption = Files.isRegularFile(txt) ? readCaption(txt) : null;
            }
            out.add(ImagePrompts.readImage(image, caption == null || caption.isBlank() ? DEFAULT_TEXT : caption));
        }
        return out;
    }

    private static String readCaption(Path txt) {
        try {
            return Files.readString(txt);
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read the caption '" + txt + "': " + (e instanceof
                    java.nio.charset.MalformedInputException ? "not UTF-8 text" : e.getMessage()) + ".");
        }
    }
}
