package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.tokenizer.TestTokenizers;
import dev.barrage.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** random and random_vl: exact lengths as the server counts them, prefixes, seeds, offsets, images, errors. */
class RandomDatasetTest {
    private static final String CHAT = "http://127.0.0.1:1/v1/chat/completions";
    private static final String COMPLETIONS = "http://127.0.0.1:1/v1/completions";

    private static Arguments.Builder random(String url) {
        return Arguments.builder().url(url).model("m").dataset("random").seed(7L);
    }

    @Test
    void everyPromptHasExactlyItsLengthAfterTheChatTemplate() {
        Tokenizer qwen = TestTokenizers.qwen3();
        Dataset d = Datasets.load(random(CHAT).number(300).minPromptLength(20).maxPromptLength(400)
                .tokenizerPath(TestTokenizers.qwen3Dir().toString()).build());
        assertThat(d.size()).isEqualTo(300);
        assertThat(d.name()).contains("incl. 8 of chat template");
        for (Prompt p : d.prompts()) {
            // measured independently: the template rendered by Jinjava, then the real tokenizer
            int served = qwen.countChat(List.of(Map.of("role", "user", "content", p.text())));
            assertThat(served).isEqualTo(p.promptTokens()).isBetween(20, 400);
        }
        assertThat(d.prompts().stream().mapToInt(Prompt::promptTokens).distinct().count()).isGreaterThan(100);
    }

    @Test
    void aTemplateThatTransformsTheMessageIsMeasuredPromptByPrompt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Llama 3's way: the content is trimmed, so the fast path (template text + words) would be
        // one token off; every prompt must then be rendered, measured and adjusted.
        java.nio.file.Files.createSymbolicLink(dir.resolve("tokenizer.json"),
                TestTokenizers.qwen3Dir().resolve("tokenizer.json").toAbsolutePath());
        java.nio.file.Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{% for m in messages"
                + " %}{{ '<|im_start|>' + m['role'] + '\\\\n' + m['content'] | trim + '<|im_end|>\\\\n' }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\\\n' }}{% endif %}\"}");
        Tokenizer trimming = dev.barrage.tokenizer.Tokenizers.load(dir.toString());
        String rendered = trimming.chatTemplate().orElseThrow().render(List.of(Map.of("role", "user", "content", " a b ")),
                true);
        assertThat(rendered).isEqualTo("<|im_start|>user\na b<|im_end|>\n<|im_start|>assistant\n");
        Dataset d = Datasets.load(random(CHAT).number(40).minPromptLength(30).maxPromptLength(90).build(), trimming,
                dev.barrage.tokenizer.HubFiles.fromEnvironment());
        for (Prompt p : d.prompts()) {
            assertThat(trimming.countChat(List.of(Map.of("role", "user", "content", p.text()))))
                    .isEqualTo(p.promptTokens()).isBetween(30, 90);
        }
    }

    @Test
    void withoutTheChatTemplateTheLengthIsTheMessageAlone() {
        Tokenizer qwen = TestTokenizers.qwen3();
        Dataset d = Datasets.load(random(CHAT).number(20).minPromptLength(50).maxPromptLength(50)
                .tokenizerPath(TestTokenizers.qwen3Dir().toString()).applyChatTemplate(false).build());
        assertThat(d.name()).doesNotContain("chat template");
        assertThat(d.prompts()).allSatisfy(p -> assertThat(qwen.count(p.text())).isEqualTo(50));
    }

    @Test
    void completionsCountThePromptAsTheServerTokenizesIt() {
        Tokenizer qwen = TestTokenizers.qwen3();
        Dataset d = Datasets.load(random(COMPLETIONS).number(50).minPromptLength(64).maxPromptLength(64)
                .tokenizerPath(TestTokenizers.qwen3Dir().toString()).build());
        assertThat(d.prompts()).allSatisfy(p -> assertThat(qwen.countAsPrompt(p.text())).isEqualTo(64));
    }

    @Test
    void prefixIsSharedSeedReproducesAndOffsetShifts() {
        Tokenizer qwen = TestTokenizers.qwen3();
        Arguments.Builder b = random(CHAT).number(20).minPromptLength(100).maxPromptLength(200).prefixLength(30)
                .tokenizerPath(TestTokenizers.qwen3Dir().toString());
        Dataset d = Datasets.load(b.build());
        int[] first = Arrays.copyOf(qwen.encode(d.get(0).text()), 30);
        assertThat(d.prompts()).allSatisfy(p -> assertThat(Arrays.copyOf(qwen.encode(p.text()), 30)).isEqualTo(first));
        assertThat(qwen.encode(d.get(1).text())[30]).as("prompts differ after the prefix")
                .isNotEqualTo(qwen.encode(d.get(2).text())[30]);
        assertThat(Datasets.load(b.build()).prompts()).isEqualTo(d.prompts());
        Dataset shifted = Datasets.load(b.datasetOffset(5L).build());
        assertThat(shifted.get(0).text()).isEqualTo(d.get(5).text());
    }

    @Test
    void tokenizedPromptsAreTokenIdsOfExactLength() {
        Dataset d = Datasets.load(random(COMPLETIONS).number(10).minPromptLength(32).maxPromptLength(48)
                .tokenizerPath(TestTokenizers.qwen3Dir().toString()).tokenizePrompt(true).build());
        assertThat(d.prompts()).allSatisfy(p -> {
            assertThat(p.tokenIds()).isNotNull();
            assertThat(p.tokenIds().length).isBetween(32, 48);
        });
    }

    @Test
    void withoutATokenizerLengthsAreCharactersAndTheNameSaysSo() {
        Dataset d = Datasets.load(random(CHAT).number(40).minPromptLength(50).maxPromptLength(60).build());
        assertThat(d.name()).contains("characters").contains("no --tokenizer-path");
        assertThat(d.prompts()).allSatisfy(p -> assertThat(p.text().length()).isBetween(50, 60));
    }

    @Test
    void lengthsThatCannotHoldTheTemplateAndPrefixAreRejected() {
        String qwen = TestTokenizers.qwen3Dir().toString();
        assertThatThrownBy(() -> Datasets.load(random(CHAT).minPromptLength(5).maxPromptLength(8).tokenizerPath(qwen)
                .build())).isInstanceOf(BarrageException.class).hasMessageContaining("'--max-prompt-length'")
                .hasMessageContaining("at least 9 tokens (8 of chat template");
        assertThatThrownBy(() -> Datasets.load(random(CHAT).maxPromptLength(40).prefixLength(40).tokenizerPath(qwen)
                .build())).hasMessageContaining("--prefix-length 40");
        assertThatThrownBy(() -> Datasets.load(random(CHAT).build())).hasMessageContaining("needs --max-prompt-length");
    }

    @Test
    void randomVlAddsGeneratedImagesAsDataUrls() throws Exception {
        Dataset d = Datasets.load(random(CHAT).dataset("random_vl").number(3).minPromptLength(10).maxPromptLength(20)
                .imageNum(2).imageWidth(32).imageHeight(16).build());
        JsonNode content = d.get(0).messages().get(0).get("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(0).get("type").asText()).isEqualTo("text");
        String url = content.get(1).get("image_url").get("url").asText();
        assertThat(url).startsWith("data:image/png;base64,");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(22))));
        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(16);
        assertThat(content.get(2).get("image_url").get("url").asText()).as("two distinct images").isNotEqualTo(url);
    }
}
