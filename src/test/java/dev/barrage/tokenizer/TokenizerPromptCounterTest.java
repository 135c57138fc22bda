package dev.barrage.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's counting with a real tokenizer: the chat template with roles, as a server renders it. */
class TokenizerPromptCounterTest {
    @Test
    void countsMessagesThroughTheChatTemplateWithTheirRoles() {
        Tokenizer qwen = TestTokenizers.qwen3();
        TokenizerPromptCounter counter = new TokenizerPromptCounter(qwen);
        List<Map<String, Object>> messages = List.of(Map.of("role", "system", "content", "Be brief."),
                Map.of("role", "user", "content", "Hello, world!"));
        String rendered = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello, world!<|im_end|>\n"
                + "<|im_start|>assistant\n";
        assertThat(counter.countMessages(messages)).isEqualTo(qwen.count(rendered));
        assertThat(counter.countChat(List.of("Hello, world!"))).isEqualTo(8 + 4);
        assertThat(counter.countText("Hello, world!")).isEqualTo(4);
    }
}
