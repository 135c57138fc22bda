package dev.barrage.load;

import dev.barrage.api.OpenAiAdapter;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Prompt;
import dev.barrage.tokenizer.ClientTokenCounter;
import dev.barrage.tokenizer.TestTokenizers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Counts a dataset measured are found again from the request body the adapter builds. */
class ClientTokensTest {
    @Test
    void datasetCountsAreReusedForTheRequestsBuiltFromThem() {
        for (String path : List.of("/v1/chat/completions", "/v1/completions")) {
            Arguments args = Arguments.builder().url("http://127.0.0.1:1" + path).model("m")
                    .tokenizerPath(TestTokenizers.qwen3Dir().toString()).build();
            // 999 is deliberately wrong: getting it back proves the remembered count was used
            Dataset d = new Dataset("t", List.of(Prompt.ofText("héllo \"quoted\" 你好").withPromptTokens(999),
                    Prompt.ofText("not measured")));
            ClientTokenCounter counter = ClientTokens.forRun(args, d);
            OpenAiAdapter adapter = new OpenAiAdapter(args, path, null);
            String measured = new String(adapter.buildBody(d.get(0)), StandardCharsets.UTF_8);
            String fresh = new String(adapter.buildBody(d.get(1)), StandardCharsets.UTF_8);
            assertThat(counter.prompt(measured)).as(path).isEqualTo(999);
            assertThat(counter.prompt(fresh)).as(path).isBetween(2, 12);
        }
    }
}
