package dev.barrage.dataset;

import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.barrage.dataset.Flickr8kDatasetTest.dataUrl;
import static dev.barrage.dataset.Flickr8kDatasetTest.textAndUrl;
import static dev.barrage.dataset.ImageFixtures.jpeg;
import static dev.barrage.dataset.ImageFixtures.png;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code kontext_bench} from its imagefolder files (test/metadata.jsonl + test/images/), and bad input. */
class KontextBenchDatasetTest {
    @TempDir
    Path dir;

    private Arguments.Builder args(Path path, int number) {
        return Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m").dataset("kontext_bench")
                .number(number).datasetPath(path == null ? null : path.toString());
    }

    private static Dataset load(Arguments.Builder b) {
        return Datasets.load(b.build());
    }

    /** The published layout: kontext-bench/test/metadata.jsonl and kontext-bench/test/images/NNNN.jpg. */
    private Path repository(String metadata) throws Exception {
        Path test = Files.createDirectories(dir.resolve("kontext-bench/test/images"));
        Files.write(test.resolve("0000.jpg"), jpeg(0x102030));
        Files.write(test.resolve("0001.png"), png(0x405060));
        return Files.writeString(dir.resolve("kontext-bench/test/metadata.jsonl"), metadata);
    }

    private static String record(String fileName, String instruction) {
        return "{\"file_name\": \"" + fileName + "\", \"instruction\": \"" + instruction + "\", \"category\":"
                + " \"Instruction Editing - Local\", \"key\": \"k\", \"image_idx\": 0, \"prompt_idx\": 0}\n";
    }

    @Test
    void readsInstructionsAndImagesFromTheMetadataFileItsFolderOrTheRepository() throws Exception {
        Path metadata = repository(record("images/0000.jpg", "Make it snow") + "\n"
                + record("images/0001.png", "Change the sign to say \\\"OPEN\\\""));
        for (Path path : new Path[] {metadata, metadata.getParent(), dir.resolve("kontext-bench")}) {
            Dataset d = load(args(path, 10));
            assertThat(d.size()).isEqualTo(2);
            assertThat(textAndUrl(d.get(0))).containsExactly("Make it snow",
                    dataUrl("image/jpeg", Files.readAllBytes(metadata.resolveSibling("images/0000.jpg"))));
            assertThat(textAndUrl(d.get(1))).containsExactly("Change the sign to say \"OPEN\"",
                    dataUrl("image/png", Files.readAllBytes(metadata.resolveSibling("images/0001.png"))));
            assertThat(d.get(2)).as("cycled").isSameAs(d.get(0));
        }
    }

    @Test
    void readsOnlyTheRecordsTheSweepNeeds() throws Exception {
        Path metadata = repository(record("images/0000.jpg", "one") + record("images/0001.png", "two")
                + "{not json\n");
        assertThat(load(args(metadata, 2)).size()).isEqualTo(2);
        assertThat(load(args(metadata, 1)).size()).isEqualTo(1);
        assertThatThrownBy(() -> load(args(metadata, 3))).hasMessageStartingWith("Malformed line 3 of '" + metadata
                + "' (--dataset-path): ");
    }

    @Test
    void withoutAPathOneLineSaysWhatToFetchAndWhereToGiveIt() {
        ImageFixtures.assertOneLineInvalidInput(() -> load(args(null, 1)), "black-forest-labs/kontext-bench",
                "test/metadata.jsonl", "test/images/", "--dataset-path");
    }

    @Test
    void badRecordsNameTheFileAndLine() throws Exception {
        Path metadata = repository(record("images/0000.jpg", "fine") + "\n" + "{\"file_name\": \"images/0000.jpg\"}\n");
        assertThatThrownBy(() -> load(args(metadata, 5))).hasMessage("Malformed line 3 of '" + metadata
                + "' (--dataset-path): expected a JSON object with a non-empty \"instruction\" string.");

        Files.writeString(metadata, record("images/0000.jpg", "fine") + record("images/9999.jpg", "gone"));
        assertThatThrownBy(() -> load(args(metadata, 5))).hasMessage("Malformed line 2 of '" + metadata
                + "' (--dataset-path): its image \"images/9999.jpg\" does not exist (looked for '"
                + metadata.toAbsolutePath().getParent().resolve("images/9999.jpg") + "').");

        Files.writeString(metadata.resolveSibling("images/notes.jpg"), "not an image");
        Files.writeString(metadata, record("images/notes.jpg", "edit"));
        assertThatThrownBy(() -> load(args(metadata, 5))).hasMessageStartingWith("Malformed line 1 of '" + metadata)
                .hasMessageEndingWith("notes.jpg' is not a JPEG, PNG, WebP or GIF image.");

        Files.writeString(metadata, "[\"an array\"]\n");
        assertThatThrownBy(() -> load(args(metadata, 5))).hasMessageContaining("Malformed line 1")
                .hasMessageContaining("\"instruction\"");

        Files.writeString(metadata, "\n\n");
        assertThatThrownBy(() -> load(args(metadata, 5))).hasMessage("The dataset file '" + metadata
                + "' (--dataset-path) has no records.");

        Files.write(metadata, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
        assertThatThrownBy(() -> load(args(metadata, 5))).hasMessage("Cannot read '" + metadata
                + "' given to '--dataset-path': not UTF-8 text.");
    }

    @Test
    void aFolderWithoutMetadataAndCompletionsUrlsAreRejected() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> load(args(empty, 1))).hasMessage("The folder '" + empty + "' given to"
                + " '--dataset-path' has no metadata.jsonl (nor test/metadata.jsonl): give KontextBench's"
                + " test/metadata.jsonl or its folder.");
        Path metadata = repository(record("images/0000.jpg", "x"));
        assertThatThrownBy(() -> load(args(metadata, 1).url("http://127.0.0.1:1/v1/completions")))
                .hasMessageContaining("--dataset kontext_bench sends images in chat messages");
    }
}
