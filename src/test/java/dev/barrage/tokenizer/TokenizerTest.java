package dev.barrage.tokenizer;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real Qwen3 tokenizer through DJL, the tiktoken encodings, and every way --tokenizer-path fails. */
class TokenizerTest {
    @TempDir
    Path dir;

    @Test
    void qwen3CountsLikeTheReferenceAndRoundTrips() {
        Tokenizer qwen = TestTokenizers.qwen3();
        assertThat(qwen.count("Hello, world!")).isEqualTo(4); // java-stack.md §5, cross-checked with the JS tokenizer
        assertThat(qwen.decode(qwen.encode("你好，世界！ Hello"))).isEqualTo("你好，世界！ Hello");
        assertThat(qwen.countAsPrompt("Hello, world!")).as("Qwen adds no BOS").isEqualTo(4);
    }

    @Test
    void longTextsAreNotTruncatedAt512Tokens() {
        Tokenizer qwen = TestTokenizers.qwen3();
        String text = " hello".repeat(3000);
        assertThat(qwen.count(text)).isEqualTo(3000);
    }

    @Test
    void qwen3ChatTemplateOverheadIsEightTokens() {
        Tokenizer qwen = TestTokenizers.qwen3();
        // <|im_start|> user \n <|im_end|> \n <|im_start|> assistant \n
        assertThat(qwen.countChat(List.of(Map.of("role", "user", "content", "")))).isEqualTo(8);
        assertThat(qwen.countChat(List.of(Map.of("role", "user", "content", " hello world")))).isEqualTo(10);
    }

    @Test
    void wordVocabularyHasOnlyPlainWordsThatEncodeToThemselves() {
        Tokenizer qwen = TestTokenizers.qwen3();
        WordVocabulary words = qwen.words();
        assertThat(words.size()).isGreaterThan(20_000);
        for (int i = 0; i < words.size(); i += 997) {
            assertThat(words.texts()[i]).matches(" [A-Za-z]{2,}");
            assertThat(qwen.encode(words.texts()[i])).containsExactly(words.ids()[i]);
        }
        assertThat(words.ids()).isSorted();
        assertThat(java.util.Arrays.stream(words.ids()).max().orElseThrow()).as("no added/special token").isLessThan(151643);
    }

    @Test
    void tiktokenEncodingsCount() {
        Tokenizer cl100k = Tokenizers.load("tiktoken:cl100k_base");
        Tokenizer o200k = Tokenizers.load("tiktoken:o200k_base");
        assertThat(cl100k.count("Hello, world!")).isEqualTo(4);
        assertThat(o200k.count("Hello, world!")).isEqualTo(4);
        assertThat(cl100k.chatTemplate()).isEmpty();
        assertThat(cl100k.decode(cl100k.encode("tokens <|endoftext|>"))).isEqualTo("tokens <|endoftext|>");
        assertThat(cl100k.words().size()).isGreaterThan(10_000);
    }

    @Test
    void badTokenizerPathsAreOneLineWithExitCode2() throws Exception {
        assertThatThrownBy(() -> Tokenizers.load("tiktoken:p50k_base")).isInstanceOf(BarrageException.class)
                .hasMessageContaining("'--tokenizer-path'").hasMessageContaining("tiktoken:cl100k_base");
        assertThatThrownBy(() -> Tokenizers.load(dir.resolve("nope/../missing.json").toString()))
                .hasMessageContaining("no such file or folder");
        assertThatThrownBy(() -> Tokenizers.load(dir.toString())).hasMessageContaining("has no tokenizer.json");
        Path broken = Files.writeString(dir.resolve("tokenizer.json"), "{not json");
        assertThatThrownBy(() -> Tokenizers.load(broken.toString()))
                .satisfies(e -> assertThat(((BarrageException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining("cannot load");
    }
}
