package dev.barrage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BarrageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kontext_bench}: KontextBench ({@code black-forest-labs/kontext-bench}, test split), an
 * image-editing benchmark of about 1,000 image-instruction pairs, read from its published files —
 * a Hugging Face imagefolder: {@code test/metadata.jsonl}, one JSON object per line with
 * {@code file_name} (the image's path relative to the metadata file, e.g.
 * {@code images/0000.jpg}), {@code instruction}, and fields Barrage ignores ({@code category},
 * {@code key}, ...). Barrage does not download it: {@code --dataset-path} is the
 * {@code metadata.jsonl}, its folder, or the downloaded repository (whose {@code test/} is used).
 *
 * <p>Each record becomes one user message of its instruction and its image as a data URL of the
 * file's original bytes ({@link ImagePrompts}), as in evalscope's plug-in. At most
 * {@code ctx.promptsNeeded()} records are read; fewer are cycled. A malformed line, a missing
 * field or an image that does not exist stops loading with the file and line named.
 */
public final class KontextBenchDataset implements DatasetPlugin {
    static final String REPO = "black-forest-labs/kontext-bench";
    static final String METADATA = "metadata.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FETCH = "test/metadata.jsonl and the images in test/images/ of " + REPO;
    private static final String GIVE = "the metadata.jsonl or its folder";

    @Override
    public List<String> names() {
        return List.of("kontext_bench");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        ImagePrompts.requireChat(ctx);
        Path path = ImagePrompts.existingPath(ctx, FETCH, GIVE);
        Path metadata = Files.isDirectory(path) ? metadataIn(path) : path;
        List<ImagePrompts.Sample> samples = read(metadata, ctx.promptsNeeded());
        if (samples.isEmpty()) {
            throw BarrageException.invalidInput("The dataset file '" + metadata + "' (--dataset-path) has no records.");
        }
        return new Dataset("kontext_bench: " + samples.size() + " images from '" + metadata + "'",
                ImagePrompts.prompts(ctx, samples));
    }

    /** {@code dir/metadata.jsonl}, else {@code dir/test/metadata.jsonl} (the repository's layout). */
    private static Path metadataIn(Path dir) {
        for (Path candidate : List.of(dir.resolve(METADATA), dir.resolve("test").resolve(METADATA))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw BarrageException.invalidInput("The folder '" + dir + "' given to '--dataset-path' has no " + METADATA
                + " (nor test/" + METADATA + "): give KontextBench's test/" + METADATA + " or its folder.");
    }

    /** The first {@code limit} records of {@code metadata}, their images read. */
    static List<ImagePrompts.Sample> read(Path metadata, int limit) {
        Path base = metadata.toAbsolutePath().getParent();
        List<ImagePrompts.Sample> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(metadata, StandardCharsets.UTF_8)) {
            long lineNo = 0;
            for (String line = r.readLine(); line != null && out.size() < limit; line = r.readLine()) {
                lineNo++;
                if (!line.isBlank()) {
                    out.add(sample(metadata, lineNo, line, base));
                }
            }
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read '" + metadata + "' given to '--dataset-path': "
                    + (e instanceof MalformedInputException ? "not UTF-8 text" : e.getMessage()) + ".");
        }
        return out;
    }

    private static ImagePrompts.Sample sample(Path metadata, long lineNo, String line, Path base) {
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw DatasetContext.malformed(metadata, lineNo, e.getOriginalMessage());
        }
        String instruction;
        String fileName;
        try {
            instruction = JsonRecords.text(record, "instruction");
            fileName = JsonRecords.text(record, "file_name");
        } catch (IllegalArgumentException e) {
            throw DatasetContext.malformed(metadata, lineNo, e.getMessage());
        }
        Path image = base.resolve(fileName).normalize();
        if (!Files.isRegularFile(image)) {
            throw DatasetContext.malformed(metadata, lineNo, "its image \"" + fileName + "\" does not exist (looked"
                    + " for '" + image + "')");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image);
        } catch (IOException e) {
            throw DatasetContext.malformed(metadata, lineNo, "cannot read its image '" + image + "': "
                    + e.getMessage());
        }
        String mime = ImagePrompts.mimeType(bytes);
        if (mime == null) {
            throw DatasetContext.malformed(metadata, lineNo, "its image '" + image + "' is not a "
                    + ImagePrompts.KNOWN_FORMATS + " image");
        }
        return new ImagePrompts.Sample(instruction, bytes, mime);
    }
}
