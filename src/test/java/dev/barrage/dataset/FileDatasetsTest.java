package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.tokenizer.HubFiles;
import dev.barrage.tokenizer.TestTokenizers;
import dev.barrage.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file-based datasets, their length filters, and every way their input can be bad. */
class FileDatasetsTest {
    @TempDir
    Path dir;

    private Arguments.Builder args(String dataset, Path file) {
        return Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m").dataset(dataset)
                .datasetPath(file == null ? null : file.toString());
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void longAlpacaReadsInstructionsFromAJsonArray() throws Exception {
        Path f = write("LongAlpaca-12k.json", "[\n {\"instruction\": \"Summarise the paper.\", \"output\": \"x\"},\n"
                + " {\"instruction\": \"Explain it.\"}\n]");
        assertThat(Datasets.load(args("longalpaca", f).build()).prompts()).extracting(Prompt::text)
                .containsExactly("Summarise the paper.", "Explain it.");
        Path bad = write("bad.json", "[\n {\"instruction\": \"ok\"},\n {\"output\": \"no instruction\"}\n]");
        assertThatThrownBy(() -> Datasets.load(args("longalpaca", bad).build()))
                .hasMessageContaining("Malformed line 3 of '" + bad + "'").hasMessageContaining("entry 2")
                .hasMessageContaining("\"instruction\"");
    }

    @Test
    void customTakesPromptsMessagesAndText() throws Exception {
        Path f = write("custom.jsonl", "{\"prompt\": \"one\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"two\"}]}\n"
                + "plain three\n");
        Dataset d = Datasets.load(args("custom", f).build());
        assertThat(d.get(0).text()).isEqualTo("one");
        assertThat(d.get(1).messages().get(0).get("content").asText()).isEqualTo("two");
        assertThat(d.get(2).text()).isEqualTo("plain three");
        Path bad = write("bad.jsonl", "{\"prompt\": \"ok\"}\n{\"other\": 1}\n");
        assertThatThrownBy(() -> Datasets.load(args("custom", bad).build())).hasMessageContaining("Malformed line 2");
    }

    @Test
    void shareGptKeepsHistoryUpToTheLastUserTurn() throws Exception {
        Path f = write("sharegpt.json", "[{\"id\": \"a\", \"conversations\": ["
                + "{\"from\": \"human\", \"value\": \"Q1\"}, {\"from\": \"gpt\", \"value\": \"A1\"},"
                + "{\"from\": \"human\", \"value\": \"Q2\"}, {\"from\": \"gpt\", \"value\": \"A2\"}]},"
                + "{\"id\": \"b\", \"conversations\": [{\"from\": \"gpt\", \"value\": \"only a reply\"}]}]");
        for (String name : new String[] {"share_gpt", "share_gpt_zh", "share_gpt_en"}) {
            Dataset d = Datasets.load(args(name, f).build());
            assertThat(d.size()).as("the conversation without a user turn is skipped").isEqualTo(1);
            JsonNode m = d.get(0).messages();
            assertThat(m).hasSize(3);
            assertThat(m.get(2).get("role").asText()).isEqualTo("user");
            assertThat(m.get(2).get("content").asText()).isEqualTo("Q2");
            assertThat(m.get(1).get("role").asText()).isEqualTo("assistant");
        }
    }

    @Test
    void lengthFiltersCountTokensWithATokenizerAndCharactersWithout() throws Exception {
        Path f = write("q.jsonl", "{\"question\": \"short\"}\n{\"question\": \"" + "a much longer question ".repeat(10)
                + "\"}\n");
        assertThat(Datasets.load(args("openqa", f).maxPromptLength(10).build()).prompts()).extracting(Prompt::text)
                .containsExactly("short");
        Tokenizer qwen = TestTokenizers.qwen3();
        Dataset tokens = Datasets.load(args("openqa", f).minPromptLength(20).build(), qwen,
                HubFiles.fromEnvironment());
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.get(0).promptTokens()).as("counted with the chat template")
                .isEqualTo(qwen.countChat(java.util.List.of(Map.of("role", "user", "content", tokens.get(0).text()))));
        assertThatThrownBy(() -> Datasets.load(args("openqa", f).minPromptLength(1000).build()))
                .hasMessageContaining("No prompt of '" + f + "' is within --min-prompt-length 1000")
                .hasMessageContaining("characters");
    }

    @Test
    void speedBenchmarkHasEvalscopesLengthsAgainstCompletions() {
        Tokenizer qwen = TestTokenizers.qwen3();
        Arguments a = Arguments.builder().url("http://127.0.0.1:1/v1/completions").model("m")
                .dataset("speed_benchmark").build();
        Dataset d = Datasets.load(a, qwen, HubFiles.fromEnvironment());
        assertThat(d.prompts()).extracting(Prompt::promptTokens).containsExactly(1, 1, 6144, 6144, 14336, 14336,
                30720, 30720);
        assertThat(qwen.countAsPrompt(d.get(2).text())).isEqualTo(6144);
        assertThatThrownBy(() -> Datasets.load(args("speed_benchmark", null).build()))
                .hasMessageContaining("/v1/completions");
    }

    @Test
    void embeddingAndRerankBodiesCarryOnlyWhatTheApiNeeds() throws Exception {
        Path texts = write("texts.txt", "alpha\nbeta\ngamma\n");
        Dataset e = Datasets.load(args("embedding", texts).api("openai_embedding")
                .datasetArgs(Map.of("batch_size", 2)).build());
        assertThat(e.get(0).body().toString()).isEqualTo("{\"input\":[\"alpha\",\"beta\"]}");
        assertThat(e.get(1).body().toString()).isEqualTo("{\"input\":[\"gamma\"]}");
        Dataset r = Datasets.load(args("random_rerank", null).api("openai_rerank").number(4).minPromptLength(5)
                .maxPromptLength(10).datasetArgs(Map.of("num_documents", 3, "document_length_ratio", 2)).build());
        JsonNode body = r.get(0).body();
        assertThat(body.get("documents")).hasSize(3);
        assertThat(body.fieldNames()).toIterable().containsExactly("query", "documents");
        Path pairs = write("rerank.jsonl", "{\"query\": \"q\", \"documents\": [\"d1\", \"d2\"], \"note\": \"dropped\"}\n");
        assertThat(Datasets.load(args("rerank", pairs).api("openai_rerank").build()).get(0).body().toString())
                .isEqualTo("{\"query\":\"q\",\"documents\":[\"d1\",\"d2\"]}");
        Dataset re = Datasets.load(args("random_embedding", null).api("openai_embedding").number(5).build());
        assertThat(re.size()).isEqualTo(5);
        assertThat(re.get(0).body().get("input").isTextual()).isTrue();
    }

    @Test
    void datasetArgsAndApisMustFit() throws Exception {
        Path texts = write("texts.txt", "alpha\n");
        assertThatThrownBy(() -> Datasets.load(args("embedding", texts).api("openai_embedding")
                .datasetArgs(Map.of("bacth_size", 2)).build()))
                .hasMessageContaining("Invalid key 'bacth_size' in option '--dataset-args'").hasMessageContaining("batch_size");
        assertThatThrownBy(() -> Datasets.load(args("embedding", texts).build()))
                .hasMessageContaining("needs --api openai_embedding");
        assertThatThrownBy(() -> Datasets.load(args("openqa", texts).api("openai_rerank").build()))
                .hasMessageContaining("rerank dataset");
        assertThatThrownBy(() -> Datasets.load(args("random", null).maxPromptLength(20)
                .datasetArgs(Map.of("batch_size", 2)).build())).hasMessageContaining("accepts no settings");
    }

    @Test
    void badInputIsOneLineNamingTheFlag() throws Exception {
        assertThatThrownBy(() -> Datasets.load(args("flickr9k", null).build())).isInstanceOf(BarrageException.class)
                .hasMessageContaining("Invalid value 'flickr9k' for option '--dataset'").hasMessageContaining("random");
        assertThatThrownBy(() -> Datasets.load(args("line_by_line", null).build()))
                .hasMessageContaining("Missing option '--dataset-path'");
        assertThatThrownBy(() -> Datasets.load(args("custom", dir.resolve("missing.jsonl")).build()))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> Datasets.load(args("custom", dir).build())).hasMessageContaining("it is a folder");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'a', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> Datasets.load(args("line_by_line", latin1).build())).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Datasets.load(Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions")
                .model("m").prompt("x".repeat(50)).maxPromptLength(10).build()))
                .hasMessageContaining("--max-prompt-length 10");
    }

    @Test
    void openQaWithoutAPathDownloadsAndOfflineNamesDatasetPath() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        HubFiles offline = new HubFiles("http://127.0.0.1:" + closed, dir.resolve("cache"), null);
        for (String name : new String[] {"openqa", "longalpaca"}) {
            assertThatThrownBy(() -> Datasets.load(args(name, null).build(), null, offline))
                    .isInstanceOf(BarrageException.class).hasMessageContaining("Cannot download")
                    .hasMessageContaining("--dataset-path");
        }
        Path cached = offline.cached(HubFiles.Kind.DATASET, OpenQaDataset.OPENQA_REPO, OpenQaDataset.OPENQA_FILE);
        Files.createDirectories(cached.getParent());
        Files.writeString(cached, "{\"question\": \"from the cache\"}\n");
        assertThat(Datasets.load(args("openqa", null).build(), null, offline).get(0).text()).isEqualTo("from the cache");
    }
}
