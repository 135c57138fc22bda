package dev.barrage.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiUrlsTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String DASHSCOPE = "/api/v1/services/aigc/text-generation/generation";

    @Test
    void bareBaseUrlsGetTheWholeOrTheMissingPartOfThePath() {
        assertThat(ApiUrls.withDefaultPath("http://h:8000", CHAT)).isEqualTo("http://h:8000/v1/chat/completions");
        assertThat(ApiUrls.withDefaultPath("http://h:8000/", CHAT)).isEqualTo("http://h:8000/v1/chat/completions");
        assertThat(ApiUrls.withDefaultPath("http://h:8000/v1", CHAT)).isEqualTo("http://h:8000/v1/chat/completions");
        assertThat(ApiUrls.withDefaultPath("https://x.ai/compatible-mode/v1/", CHAT))
                .isEqualTo("https://x.ai/compatible-mode/v1/chat/completions");
        assertThat(ApiUrls.withDefaultPath("https://dashscope.aliyuncs.com/api/v1", DASHSCOPE))
                .isEqualTo("https://dashscope.aliyuncs.com" + DASHSCOPE);
        assertThat(ApiUrls.withDefaultPath("http://h:1/v1?key=abc", "/v1/messages")).isEqualTo("http://h:1/v1/messages?key=abc");
    }

    @Test
    void fullEndpointsAndOtherPathsAreLeftAlone() {
        assertThat(ApiUrls.withDefaultPath("http://h:8000/v1/completions", CHAT)).isEqualTo("http://h:8000/v1/completions");
        assertThat(ApiUrls.withDefaultPath("http://h:8000/v1/chat/completions", CHAT))
                .isEqualTo("http://h:8000/v1/chat/completions");
        assertThat(ApiUrls.withDefaultPath("http://h:8000/generate_stream", CHAT)).isEqualTo("http://h:8000/generate_stream");
        assertThat(ApiUrls.withDefaultPath("http://h:8000/proxy/v1/messages", "/v1/messages"))
                .isEqualTo("http://h:8000/proxy/v1/messages");
    }

    @Test
    void responsesApiRewritesChatUrlsAsEvalscopeDoes() {
        ApiPlugin responses = new ResponsesAdapter.Plugin();
        assertThat(responses.resolveUrl("http://h:1/v1/chat/completions")).isEqualTo("http://h:1/v1/responses");
        assertThat(responses.resolveUrl("http://h:1/v1/completions")).isEqualTo("http://h:1/v1/responses");
        assertThat(responses.resolveUrl("http://h:1")).isEqualTo("http://h:1/v1/responses");
        assertThat(responses.resolveUrl("http://h:1/v1/responses")).isEqualTo("http://h:1/v1/responses");
    }

    @Test
    void everyBuiltInApiIsRegisteredAndUnknownNamesAreInputErrors() {
        assertThat(ApiPlugins.all()).containsKeys("openai", "openai_responses", "openai_embedding", "openai_rerank",
                "dashscope", "anthropic");
        assertThat(ApiPlugins.find("anthropic").defaultPath()).isEqualTo("/v1/messages");
        assertThat(ApiPlugins.find("openai_embedding").defaultPath()).isEqualTo("/v1/embeddings");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiPlugins.find("grpc"))
                .isInstanceOfSatisfying(dev.barrage.BarrageException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(dev.barrage.ExitCode.INVALID_INPUT))
                .hasMessageContaining("'--api'").hasMessageContaining("anthropic");
    }
}
