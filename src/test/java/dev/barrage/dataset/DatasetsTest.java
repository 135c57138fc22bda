package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {
    @TempDir
    Path dir;

    private Arguments.Builder args() {
        return Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m");
    }

    @Test
    void builtinPromptsNeedNoFile() {
        Dataset d = Datasets.load(args().build());
        assertThat(d.name()).isEqualTo("builtin");
        assertThat(d.size()).isGreaterThanOrEqualTo(30);
        assertThat(d.prompts()).allSatisfy(p -> assertThat(p.text()).isNotBlank().doesNotStartWith("#"));
    }

    @Test
    void datasetsCycleWhenShorterThanTheRun() {
        Dataset d = Datasets.builtin();
        assertThat(d.get(d.size() + 2)).isEqualTo(d.get(2));
    }

    @Test
    void openQaReadsQuestions() throws Exception {
        Path file = dir.resolve("open_qa.jsonl");
        Files.writeString(file, "{\"question\": \"什么是机器学习？\", \"human_answers\": []}\n\n{\"question\": \"Why?\"}\n");
        Dataset d = Datasets.load(args().dataset("openqa").datasetPath(file.toString()).build());
        assertThat(d.prompts()).extracting(Prompt::text).containsExactly("什么是机器学习？", "Why?");
    }

    @Test
    void openQaNamesTheMalformedLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"question\": \"ok\"}\n{\"answer\": \"no question\"}\n");
        assertThatThrownBy(() -> Datasets.load(args().dataset("openqa").datasetPath(file.toString()).build()))
                .isInstanceOf(BarrageException.class)
                .hasMessageContaining("Malformed line 2 of '" + file + "'")
                .hasMessageContaining("\"question\"");
        Files.writeString(file, "{\"question\": \"ok\"}\n{broken\n");
        assertThatThrownBy(() -> Datasets.load(args().dataset("openqa").datasetPath(file.toString()).build()))
                .hasMessageContaining("Malformed line 2");
    }

    @Test
    void lineByLineTakesTextMessagesAndBodies() throws Exception {
        Path file = dir.resolve("lines.txt");
        Files.writeString(file, String.join("\n",
                "plain text prompt",
                "[{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": \"hi\"}]",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"body\"}], \"max_tokens\": 3}",
                ""));
        Dataset d = Datasets.load(args().dataset("line_by_line").datasetPath(file.toString()).build());
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.get(0).text()).isEqualTo("plain text prompt");
        assertThat(d.get(1).messages()).hasSize(2);
        assertThat(d.get(2).body().get("max_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void emptyAndMissingFilesAreClearErrors() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n\n");
        assertThatThrownBy(() -> Datasets.load(args().dataset("line_by_line").datasetPath(empty.toString()).build()))
                .hasMessageContaining("has no prompts");
        assertThatThrownBy(() -> Datasets.load(args().dataset("line_by_line").datasetPath(dir.resolve("no").toString())
                .build())).hasMessageContaining("no such file");
    }

    @Test
    void promptOptionBeatsTheDatasetAndReadsFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("p.txt"), "from a file");
        assertThat(Datasets.load(args().prompt("@" + file).build()).prompts()).extracting(Prompt::text)
                .containsExactly("from a file");
        assertThat(Datasets.load(args().prompt("inline").dataset("openqa").datasetPath("unused").build()).get(5).text())
                .isEqualTo("inline");
    }
}
