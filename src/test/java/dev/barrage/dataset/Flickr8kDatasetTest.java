package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.config.Arguments;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.barrage.dataset.ImageFixtures.jpeg;
import static dev.barrage.dataset.ImageFixtures.png;
import static dev.barrage.dataset.ImageFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code flickr8k} from WebDataset shards and image folders, and every way its input can be bad. */
class Flickr8kDatasetTest {
    private static final String CHAT = "http://127.0.0.1:1/v1/chat/completions";

    @TempDir
    Path dir;

    private Arguments.Builder args(Path path, int number) {
        return Arguments.builder().url(CHAT).model("m").dataset("flickr8k").number(number)
                .datasetPath(path == null ? null : path.toString());
    }

    private static Dataset load(Arguments.Builder b) {
        return Datasets.load(b.build());
    }

    /** The text and image URL of a prompt's single user message. */
    static String[] textAndUrl(Prompt p) {
        assertThat(p.messages()).hasSize(1);
        JsonNode m = p.messages().get(0);
        assertThat(m.get("role").asText()).isEqualTo("user");
        JsonNode content = m.get("content");
        assertThat(content).hasSize(2);
        assertThat(content.get(0).get("type").asText()).isEqualTo("text");
        assertThat(content.get(1).get("type").asText()).isEqualTo("image_url");
        return new String[] {content.get(0).get("text").asText(), content.get(1).get("image_url").get("url").asText()};
    }

    static String dataUrl(String mime, byte[] bytes) {
        return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    private Map<String, byte[]> samples(int count) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            m.put(String.format("s%07d.jpg", i), jpeg(i * 40));
            m.put(String.format("s%07d.txt", i), utf8("caption " + i));
        }
        return m;
    }

    @Test
    void readsSamplesGroupedByKeyWithTheirCaptionsAndOriginalBytes() throws Exception {
        byte[] first = jpeg(0x336699);
        byte[] second = png(0x993366);
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("s0000000.jpg", first);
        members.put("s0000000.txt", utf8("A dog runs.\nA brown dog on grass."));
        members.put("s0000000.cls", utf8("3"));
        members.put("s0000001.png", second);
        members.put("s0000002.txt", utf8("a caption without an image is skipped"));
        members.put("./sub/s0000003.JPG", first);
        Path shard = ImageFixtures.tar(dir.resolve("0.tar"), members);

        Dataset d = load(args(shard, 10));
        assertThat(d.size()).isEqualTo(3);
        assertThat(textAndUrl(d.get(0))).containsExactly("A dog runs.\nA brown dog on grass.",
                dataUrl("image/jpeg", first));
        assertThat(textAndUrl(d.get(1))).as("no caption: evalscope's old fixed text")
                .containsExactly("Describe the image", dataUrl("image/png", second));
        assertThat(textAndUrl(d.get(2))[1]).isEqualTo(dataUrl("image/jpeg", first));
    }

    @Test
    void readsOnlyThePromptsTheSweepNeedsAndCycles() throws Exception {
        Map<String, byte[]> members = samples(3);
        members.put("s0000003.jpg", utf8("not an image at all"));
        Path shard = ImageFixtures.tar(dir.resolve("0.tar"), members);

        Dataset d = load(args(shard, 3));
        assertThat(d.size()).as("the broken 4th sample is never read").isEqualTo(3);
        assertThat(d.get(3)).isSameAs(d.get(0));
        assertThatThrownBy(() -> load(args(shard, 4)))
                .hasMessage("The member 's0000003.jpg' of the WebDataset shard '" + shard + "' is not a JPEG, PNG,"
                        + " WebP or GIF image.");
    }

    @Test
    void aFolderOfShardsIsReadInNaturalOrderAndTheRepositoryUsesItsTestSplit() throws Exception {
        Path test = Files.createDirectories(dir.resolve("wds_flickr8k/test"));
        Path train = Files.createDirectories(dir.resolve("wds_flickr8k/train"));
        ImageFixtures.tar(test.resolve("10.tar"), Map.of("s0000001.jpg", jpeg(1), "s0000001.txt", utf8("ten")));
        ImageFixtures.tar(test.resolve("2.tar"), Map.of("s0000000.jpg", jpeg(2), "s0000000.txt", utf8("two")));
        Files.writeString(test.resolve("nshards.txt"), "2\n");
        ImageFixtures.tar(train.resolve("0.tar"), Map.of("s0000000.jpg", jpeg(3), "s0000000.txt", utf8("train")));

        for (Path path : new Path[] {dir.resolve("wds_flickr8k"), test}) {
            Dataset d = load(args(path, 5));
            assertThat(d.prompts()).extracting(p -> textAndUrl(p)[0]).containsExactly("two", "ten");
        }
    }

    @Test
    void aGzippedShardIsReadToo() throws Exception {
        Path shard = dir.resolve("0.tar.gz");
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(shard))) {
            ImageFixtures.writeTar(out, samples(2));
        }
        assertThat(load(args(shard, 5)).prompts()).extracting(p -> textAndUrl(p)[0])
                .containsExactly("caption 0", "caption 1");
    }

    @Test
    void aFolderOfImagesUsesCaptionsBesideThemOrTheDefaultText() throws Exception {
        byte[] a = jpeg(7);
        byte[] b = png(9);
        Files.write(dir.resolve("a.jpg"), a);
        Files.writeString(dir.resolve("a.txt"), "a red kite");
        Files.write(dir.resolve("b.png"), b);
        Files.writeString(dir.resolve("notes.md"), "ignored");

        Dataset d = load(args(dir, 5));
        assertThat(textAndUrl(d.get(0))).containsExactly("a red kite", dataUrl("image/jpeg", a));
        assertThat(textAndUrl(d.get(1))).containsExactly("Describe the image", dataUrl("image/png", b));
        assertThat(load(args(dir, 1)).size()).isEqualTo(1);
    }

    @Test
    void thePromptArgumentFixesTheTextOfEveryImage() throws Exception {
        Path shard = ImageFixtures.tar(dir.resolve("0.tar"), samples(2));
        Dataset d = load(args(shard, 2).datasetArgs(Map.of("prompt", "Describe the image")));
        assertThat(d.prompts()).extracting(p -> textAndUrl(p)[0]).containsOnly("Describe the image");
        assertThatThrownBy(() -> load(args(shard, 2).datasetArgs(Map.of("prompt", 3))))
                .hasMessageStartingWith("Invalid value '3' for 'prompt' in option '--dataset-args'");
        assertThatThrownBy(() -> load(args(shard, 2).datasetArgs(Map.of("batch_size", 3))))
                .hasMessageContaining("accepts prompt");
    }

    @Test
    void withoutAPathOneLineSaysWhatToFetchAndWhereToGiveIt() {
        ImageFixtures.assertOneLineInvalidInput(() -> load(args(null, 1)), "clip-benchmark/wds_flickr8k",
                "test/*.tar", "--dataset-path", "does not download");
    }

    @Test
    void badInputIsOneLineNamingTheFile() throws Exception {
        Path text = Files.writeString(dir.resolve("captions.txt"), "this is not a tar file, just some text\n");
        assertThatThrownBy(() -> load(args(text, 1))).hasMessage("The file '" + text + "' given to '--dataset-path'"
                + " is not a tar file (a WebDataset shard).");
        Path empty = Files.write(dir.resolve("empty.tar"), new byte[0]);
        assertThatThrownBy(() -> load(args(empty, 1))).hasMessageContaining("'" + empty + "'")
                .hasMessageContaining("is not a tar file");
        Path zip = dir.resolve("shard.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new ZipEntry("s0.jpg"));
            z.write(jpeg(1));
        }
        assertThatThrownBy(() -> load(args(zip, 1))).hasMessageContaining("is not a tar file")
                .hasMessageContaining("it is a zip archive");
        Path noImages = ImageFixtures.tar(dir.resolve("captions.tar"), Map.of("s0.txt", utf8("only text")));
        assertThatThrownBy(() -> load(args(noImages, 1))).hasMessage("The WebDataset shard '" + noImages
                + "' (--dataset-path) has no images (members named <key>.jpg, .png, .webp or .gif).");
        Path full = ImageFixtures.tar(dir.resolve("full.tar"), samples(2));
        byte[] bytes = Files.readAllBytes(full);
        Path truncated = Files.write(dir.resolve("truncated.tar"), java.util.Arrays.copyOf(bytes, 700));
        assertThatThrownBy(() -> load(args(truncated, 5))).hasMessageStartingWith("Cannot read the WebDataset shard '"
                + truncated + "'");
        Path emptyDir = Files.createDirectories(dir.resolve("nothing"));
        assertThatThrownBy(() -> load(args(emptyDir, 1))).hasMessageContaining("'" + emptyDir + "'")
                .hasMessageContaining("no WebDataset shards (.tar) and no images");
        Files.write(dir.resolve("nothing/fake.jpg"), utf8("<html>not a jpeg</html>"));
        assertThatThrownBy(() -> load(args(emptyDir, 1))).hasMessage("The file '" + emptyDir.resolve("fake.jpg")
                + "' is not a JPEG, PNG, WebP or GIF image.");
        assertThatThrownBy(() -> load(args(dir.resolve("missing.tar"), 1)))
                .hasMessage("Cannot read '" + dir.resolve("missing.tar") + "' given to '--dataset-path': no such file"
                        + " or folder.");
    }

    @Test
    void completionsUrlsAreRejected() throws Exception {
        Path shard = ImageFixtures.tar(dir.resolve("0.tar"), samples(1));
        assertThatThrownBy(() -> load(args(shard, 1).url("http://127.0.0.1:1/v1/completions")))
                .hasMessageContaining("--dataset flickr8k sends images in chat messages")
                .hasMessageContaining("/v1/chat/completions");
    }

    @Test
    void webDatasetKeysAreThePathUpToTheFirstDotOfTheFileName() {
        assertThat(WebDatasetShards.keyAndExtension("a/b.seg.png")).containsExactly("a/b", "seg.png");
        assertThat(WebDatasetShards.keyAndExtension("dir.v1/s0.jpg")).containsExactly("dir.v1/s0", "jpg");
        assertThat(WebDatasetShards.keyAndExtension("._s0.jpg")).isNull();
        assertThat(WebDatasetShards.keyAndExtension("README")).isNull();
        assertThat(WebDatasetShards.keyAndExtension("s0.")).isNull();
    }

    @Test
    void namesSortNaturally() {
        assertThat(Flickr8kDataset.natural("2.tar", "10.tar")).isNegative();
        assertThat(Flickr8kDataset.natural("s0000009.jpg", "s0000010.jpg")).isNegative();
        assertThat(Flickr8kDataset.natural("b.jpg", "a.jpg")).isPositive();
        assertThat(Flickr8kDataset.natural("a.jpg", "a.jpg")).isZero();
    }

    @Test
    void imageTypesComeFromTheBytesNotTheName() {
        assertThat(ImagePrompts.mimeType(jpeg(1))).isEqualTo("image/jpeg");
        assertThat(ImagePrompts.mimeType(png(1))).isEqualTo("image/png");
        assertThat(ImagePrompts.mimeType(utf8("RIFF\0\0\0\0WEBPVP8 "))).isEqualTo("image/webp");
        assertThat(ImagePrompts.mimeType(utf8("GIF89a...."))).isEqualTo("image/gif");
        assertThat(ImagePrompts.mimeType(utf8("RIFF\0\0\0\0WAVE"))).isNull();
        assertThat(ImagePrompts.mimeType(new byte[0])).isNull();
    }
}
