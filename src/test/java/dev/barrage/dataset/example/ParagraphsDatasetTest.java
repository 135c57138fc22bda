package dev.barrage.dataset.example;

import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Datasets;
import dev.barrage.dataset.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The docs' plug-in example is found through ServiceLoader (its services file is on the test class path). */
class ParagraphsDatasetTest {
    @TempDir
    Path dir;

    @Test
    void aPluginOnTheClassPathIsADataset() throws Exception {
        assertThat(Datasets.plugins()).containsKey("paragraphs").containsKey("random");
        Path file = Files.writeString(dir.resolve("p.txt"), "First paragraph,\nthree lines.\n\n  \nhi\n\nThird one here.\n");
        Arguments.Builder b = Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m")
                .dataset("paragraphs").datasetPath(file.toString());
        Dataset d = Datasets.load(b.datasetArgs(Map.of("min_words", 2)).build());
        assertThat(d.prompts()).extracting(Prompt::text).containsExactly("First paragraph,\nthree lines.", "Third one here.");
        assertThatThrownBy(() -> Datasets.load(b.datasetArgs(Map.of("max_words", 2)).build()))
                .hasMessageContaining("Invalid key 'max_words'");
    }
}
