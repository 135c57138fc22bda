package dev.barrage.config;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgumentsTest {
    private static Arguments.Builder real() {
        return Arguments.builder().model("Qwen/Qwen2.5-0.5B-Instruct").url("http://127.0.0.1:8801/v1/chat/completions");
    }

    @Test
    void evalscopeDefaultsForARealTarget() {
        Arguments a = real().build();
        assertThat(a.parallel()).containsExactly(1);
        assertThat(a.number()).containsExactly(1000);
        assertThat(a.api()).isEqualTo("openai");
        assertThat(a.stream()).isTrue();
        assertThat(a.effectiveMaxTokens()).isEqualTo(2048);
        assertThat(a.maxTokens()).as("unset stays unset").isNull();
        assertThat(a.totalTimeout()).isEqualTo(21600);
        assertThat(a.sleepInterval()).isEqualTo(5);
        assertThat(a.runName()).isEqualTo("Qwen2.5-0.5B-Instruct");
    }

    @Test
    void noUrlMeansTheEmbeddedDemoSweep() {
        Arguments a = Arguments.builder().build();
        assertThat(a.embedded()).isTrue();
        assertThat(a.parallel()).isEqualTo(Defaults.DEMO_PARALLEL);
        assertThat(a.number()).isEqualTo(Defaults.DEMO_NUMBER);
        assertThat(a.model()).isEqualTo(Defaults.DEMO_MODEL);
        assertThat(a.effectiveMaxTokens()).isEqualTo(Defaults.DEMO_MAX_TOKENS);
    }

    @Test
    void stepsPairParallelWithNumber() {
        Arguments a = real().parallel(1, 10, 50).number(10, 20, 100).build();
        assertThat(a.steps()).containsExactly(new Arguments.Step(1, 10), new Arguments.Step(10, 20),
                new Arguments.Step(50, 100));
        assertThat(a.steps().get(2).folderName()).isEqualTo("parallel_50_number_100");
    }

    @Test
    void rejectsUnpairedNumbers() {
        assertThatThrownBy(() -> real().parallel(1, 10).number(10).build())
                .isInstanceOf(BarrageException.class)
                .hasMessageContaining("--number")
                .hasMessageContaining("1 value(s) given but --parallel has 2")
                .satisfies(e -> assertThat(((BarrageException) e).exitCode()).isEqualTo(ExitCode.INVALID_INPUT));
    }

    @Test
    void rejectsBadValuesNamingTheFlag() {
        assertThatThrownBy(() -> real().parallel(0).number(1).build()).hasMessage(
                "Invalid value '0' for option '--parallel': should be >= 1.");
        assertThatThrownBy(() -> real().url("ftp://x").build()).hasMessageContaining("'--url'");
        assertThatThrownBy(() -> real().maxTokens(0).build()).hasMessageContaining("'--max-tokens'");
        assertThatThrownBy(() -> real().maxTokens(10).minTokens(11).build()).hasMessageContaining("'--min-tokens'");
        assertThatThrownBy(() -> real().topP(1.5).build()).hasMessageContaining("'--top-p'");
        assertThatThrownBy(() -> real().readTimeout(0.0).build()).hasMessageContaining("'--read-timeout'");
        assertThatThrownBy(() -> real().maxTokensRange(20, 10).build()).hasMessageContaining("'--max-tokens'");
        assertThatThrownBy(() -> real().minPromptLength(10).maxPromptLength(5).build())
                .hasMessageContaining("'--max-prompt-length'");
        assertThatThrownBy(() -> real().tokenizePrompt(true).build()).hasMessageContaining("--tokenizer-path");
        assertThatThrownBy(() -> real().imageFormat("BMP").build()).hasMessageContaining("'--image-format'");
        assertThatThrownBy(() -> real().prefixLength(-1).build()).hasMessageContaining("'--prefix-length'");
        assertThatThrownBy(() -> Arguments.builder().url("http://h:1/v1/chat/completions").build())
                .hasMessageContaining("--model");
    }

    @Test
    void masksTheApiKeyAndCredentialHeaders() {
        Arguments a = real().apiKey("sk-secret-123").headers(Map.of("X-Api-Key", "k1", "Cookie", "c", "X-Trace", "t"))
                .build();
        Map<String, Object> m = a.toMaskedMap();
        assertThat(m.get("api_key")).isEqualTo("***");
        assertThat(m.toString()).doesNotContain("sk-secret-123").doesNotContain("k1");
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) m.get("headers");
        assertThat(headers).containsEntry("X-Trace", "t").containsEntry("Cookie", "***").containsEntry("X-Api-Key", "***");
        assertThat(a.toString()).doesNotContain("sk-secret-123");
    }

    @Test
    void runNameIsSafeForFileSystems() {
        assertThat(real().name("a/b:c").build().runName()).isEqualTo("a_b_c");
        assertThat(real().model("org/model/").build().runName()).isEqualTo("model");
    }

    @Test
    void toBuilderRoundTrips() {
        Arguments a = real().parallel(2, 4).number(8, 16).stop(List.of("x")).extraArgs(Map.of("k", 1)).build();
        assertThat(a.toBuilder().build()).isEqualTo(a);
    }

    @Test
    void urlsAreMaskedForFiles() {
        assertThat(Arguments.maskUrl("https://user:pw@host:8443/v1/chat/completions?api_key=abc&model=x&sig=zz"))
                .isEqualTo("https://***@host:8443/v1/chat/completions?api_key=***&model=x&sig=***");
        assertThat(Arguments.maskUrl("http://127.0.0.1:8000/v1/completions")).isEqualTo("http://127.0.0.1:8000/v1/completions");
        assertThat(real().url("http://u:secretpw@h:1/v1/chat/completions?token=t0k").build().toMaskedMap().toString())
                .doesNotContain("secretpw").doesNotContain("t0k");
    }

    @Test
    void rejectsPortsOutOfRange() {
        assertThatThrownBy(() -> real().url("http://127.0.0.1:99999/v1/chat/completions").build())
                .hasMessageContaining("port 99999 is out of range");
    }
}
