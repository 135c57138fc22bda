package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barrage.BenchmarkResults;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.ImageFixtures;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * flickr8k and kontext_bench end to end: sweeps over loopback against the simulator, from fixture
 * files made at test time in the datasets' published layouts. Checks that every request stored in
 * benchmark_data.db carries the sample's text and a data URL whose base64 decodes to exactly the
 * fixture image's bytes, with the MIME type of those bytes, and that the dataset is cycled.
 */
class ImageDatasetEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SimServer sim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sim = SimServer.start(SimConfig.builder().port(0).ttftMs(2).itlMs(1).itlGrowth(0).prefillUsPerToken(0)
                .maxBatch(64).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private Arguments.Builder against(String dataset, Path path, int number) {
        return Arguments.builder().url(sim.baseUrl() + "/v1/chat/completions").model("m")
                .outputsDir(dir.resolve("out")).sleepInterval(0.0).maxTokens(4).parallel(1).number(number)
                .dataset(dataset).datasetPath(path.toString()).name(dataset);
    }

    /** The text, MIME type and decoded image bytes of each stored request, in request order. */
    private static List<Sent> sent(BenchmarkResults r) throws Exception {
        List<Map<String, Object>> rows = ResultRows.of(r, 0);
        assertThat(rows).allSatisfy(row -> assertThat(row.get("success")).isEqualTo(1));
        return rows.stream().map(row -> {
            try {
                JsonNode messages = JSON.readTree((String) row.get("request")).get("messages");
                assertThat(messages).hasSize(1);
                JsonNode content = messages.get(0).get("content");
                String url = content.get(1).get("image_url").get("url").asText();
                int comma = url.indexOf(";base64,");
                return new Sent(content.get(0).get("text").asText(), url.substring("data:".length(), comma),
                        Base64.getDecoder().decode(url.substring(comma + ";base64,".length())));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private record Sent(String text, String mime, byte[] image) {
    }

    @Test
    void flickr8kSendsEachShardImageWithItsCaptionAsADataUrlOfItsBytes() throws Exception {
        byte[] jpeg = ImageFixtures.jpeg(0x2266AA);
        byte[] png = ImageFixtures.png(0xAA6622);
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("s0000000.jpg", jpeg);
        members.put("s0000000.txt", ImageFixtures.utf8("Two dogs play.\nDogs in a park."));
        members.put("s0000001.png", png);
        Path test = Files.createDirectories(dir.resolve("wds_flickr8k/test"));
        ImageFixtures.tar(test.resolve("0.tar"), members);

        List<Sent> sent = sent(PerfEndToEndTest.run(against("flickr8k", dir.resolve("wds_flickr8k"), 5).build(),
                new ByteArrayOutputStream()));
        assertThat(sent).hasSize(5);
        for (int i = 0; i < 5; i++) {
            Sent s = sent.get(i);
            if (i % 2 == 0) {
                assertThat(s.text()).isEqualTo("Two dogs play.\nDogs in a park.");
                assertThat(s.mime()).isEqualTo("image/jpeg");
                assertThat(s.image()).isEqualTo(jpeg);
            } else {
                assertThat(s.text()).isEqualTo("Describe the image");
                assertThat(s.mime()).isEqualTo("image/png");
                assertThat(s.image()).isEqualTo(png);
            }
        }
    }

    @Test
    void flickr8kFolderOfImagesWithAFixedPrompt() throws Exception {
        byte[] jpeg = ImageFixtures.jpeg(0x123456);
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.write(images.resolve("1000268201_693b08cb0e.jpg"), jpeg);
        Files.writeString(images.resolve("1000268201_693b08cb0e.txt"), "A child in a pink dress.");
        List<Sent> sent = sent(PerfEndToEndTest.run(against("flickr8k", images, 2)
                .datasetArgs(Map.of("prompt", "Describe the image")).build(), new ByteArrayOutputStream()));
        assertThat(sent).hasSize(2).allSatisfy(s -> {
            assertThat(s.text()).isEqualTo("Describe the image");
            assertThat(s.mime()).isEqualTo("image/jpeg");
            assertThat(s.image()).isEqualTo(jpeg);
        });
    }

    @Test
    void kontextBenchSendsEachInstructionWithItsImage() throws Exception {
        Path test = Files.createDirectories(dir.resolve("kontext-bench/test/images"));
        byte[] jpeg = ImageFixtures.jpeg(0x0F0F0F);
        byte[] png = ImageFixtures.png(0xF0F0F0);
        Files.write(test.resolve("0000.jpg"), jpeg);
        Files.write(test.resolve("0001.png"), png);
        Path metadata = Files.writeString(test.resolveSibling("metadata.jsonl"),
                "{\"file_name\": \"images/0000.jpg\", \"instruction\": \"Make it night\", \"category\": \"x\"}\n"
                        + "{\"file_name\": \"images/0001.png\", \"instruction\": \"Remove the car\"}\n");

        List<Sent> sent = sent(PerfEndToEndTest.run(against("kontext_bench", metadata, 3).build(),
                new ByteArrayOutputStream()));
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(Sent::text).containsExactly("Make it night", "Remove the car", "Make it night");
        assertThat(sent).extracting(Sent::mime).containsExactly("image/jpeg", "image/png", "image/jpeg");
        assertThat(sent.get(0).image()).isEqualTo(jpeg);
        assertThat(sent.get(1).image()).isEqualTo(png);
        assertThat(sent.get(2).image()).isEqualTo(jpeg);
    }
}
