package dev.barrage.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the API key comes from: --api-key, then --api-key-file, then $BARRAGE_API_KEY, then the API's variable. */
class ApiKeysTest {
    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("BARRAGE_API_KEY", "sk-barrage", "OPENAI_API_KEY",
            "sk-openai", "ANTHROPIC_API_KEY", "sk-ant", "DASHSCOPE_API_KEY", "sk-dash");

    @Test
    void precedenceIsFlagThenFileThenBarrageThenTheApisOwnVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "\uFEFF  sk-file \r\n");
        assertThat(ApiKeys.resolve("sk-flag", file, "openai", ENV)).isEqualTo(new ApiKeys.ApiKey("sk-flag", "--api-key"));
        assertThat(ApiKeys.resolve(null, file, "openai", ENV))
                .isEqualTo(new ApiKeys.ApiKey("sk-file", "--api-key-file " + file));
        assertThat(ApiKeys.resolve(null, null, "openai", ENV)).isEqualTo(new ApiKeys.ApiKey("sk-barrage", "$BARRAGE_API_KEY"));
        Map<String, String> apiOwn = Map.of("OPENAI_API_KEY", "sk-openai", "ANTHROPIC_API_KEY", "sk-ant",
                "DASHSCOPE_API_KEY", " sk-dash\n", "BARRAGE_API_KEY", "  ");
        assertThat(ApiKeys.resolve(null, null, null, apiOwn).source()).as("the default API is openai")
                .isEqualTo("$OPENAI_API_KEY");
        for (String openAi : new String[] {"openai", "openai_responses", "openai_embedding", "openai_rerank"}) {
            assertThat(ApiKeys.resolve(null, null, openAi, apiOwn).value()).as(openAi).isEqualTo("sk-openai");
        }
        assertThat(ApiKeys.resolve(null, null, "anthropic", apiOwn).value()).isEqualTo("sk-ant");
        assertThat(ApiKeys.resolve(null, null, "dashscope", apiOwn)).as("trimmed; a blank variable is unset")
                .isEqualTo(new ApiKeys.ApiKey("sk-dash", "$DASHSCOPE_API_KEY"));
        assertThat(ApiKeys.resolve(null, null, "sglang", apiOwn)).as("no variable of its own")
                .isEqualTo(ApiKeys.ApiKey.NONE);
        assertThat(ApiKeys.resolve(null, null, "my_plugin", ENV).source()).isEqualTo("$BARRAGE_API_KEY");
        assertThat(ApiKeys.resolve(null, null, "openai", Map.of())).isEqualTo(ApiKeys.ApiKey.NONE);
    }

    @Test
    void argumentsRecordTheSourceNeverTheKey() {
        Arguments a = Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m")
                .apiKey(ApiKeys.resolve(null, null, "openai", ENV)).build();
        assertThat(a.apiKey()).isEqualTo("sk-barrage");
        assertThat(a.toMaskedMap()).containsEntry("api_key", "***").containsEntry("api_key_source", "$BARRAGE_API_KEY");
        assertThat(a.toString()).doesNotContain("sk-barrage");
        Arguments none = Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m").build();
        assertThat(none.toMaskedMap()).containsEntry("api_key", null).containsEntry("api_key_source", null);
        Arguments javaApi = Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m")
                .apiKey("sk-direct").build();
        assertThat(javaApi.apiKeySource()).isEqualTo("--api-key");
    }
}
