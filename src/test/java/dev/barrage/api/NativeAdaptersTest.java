package dev.barrage.api;

import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;

import static dev.barrage.api.ApiEvents.body;
import static dev.barrage.api.ApiEvents.feed;
import static org.assertj.core.api.Assertions.assertThat;

/** SGLang's /generate and Triton's TensorRT-LLM generate_stream against events shaped as those servers send them. */
class NativeAdaptersTest {
    private static Arguments args() {
        return Arguments.builder().model("m").url("http://127.0.0.1:1/generate").maxTokens(16).build();
    }

    private static String sglang(String text, int completion, String finish) {
        return "{\"text\":\"" + text + "\",\"meta_info\":{\"id\":\"a1\",\"finish_reason\":" + finish
                + ",\"prompt_tokens\":12,\"completion_tokens\":" + completion + ",\"cached_tokens\":4}}";
    }

    @Test
    void sglangCumulativeTextBecomesDeltasAndMetaInfoTheCounts() {
        SglangAdapter a = new SglangAdapter(new ApiContext(args(), "/generate", null));
        ResponseState s = new ResponseState();
        feed(a, s, 10, sglang("Hello", 1, "null"));
        feed(a, s, 20, sglang("Hello", 1, "null")); // nothing new: not a token event
        feed(a, s, 30, sglang("Hello world, again", 4, "null")); // several tokens in one event
        feed(a, s, 40, sglang("Hello world, again!", 5, "{\"type\":\"length\",\"length\":5}"));
        feed(a, s, 50, "[DONE]");
        assertThat(s.tokenNanos()).containsExactly(10, 30, 40);
        assertThat(s.content()).isEqualTo("Hello world, again!");
        assertThat(s.promptTokens()).isEqualTo(12);
        assertThat(s.completionTokens()).isEqualTo(5);
        assertThat(s.cachedTokens()).isEqualTo(4);
        assertThat(s.finishReason()).isEqualTo("length");
        assertThat(s.done()).isTrue();

        ResponseState whole = new ResponseState();
        body(a, whole, sglang("All at once", 3, "{\"type\":\"stop\",\"matched\":2}"));
        assertThat(whole.content()).isEqualTo("All at once");
        assertThat(whole.completionTokens()).isEqualTo(3);
        assertThat(whole.finishReason()).isEqualTo("stop");
    }

    @Test
    void trtLlmTextOutputIsTheDeltaAndErrorsAreReported() {
        TrtLlmAdapter a = new TrtLlmAdapter(new ApiContext(args(), "/v2/models/ensemble/generate_stream", null));
        ResponseState s = new ResponseState();
        String head = "{\"model_name\":\"ensemble\",\"model_version\":\"1\",\"sequence_end\":false,\"sequence_id\":0,"
                + "\"sequence_start\":false,\"text_output\":";
        feed(a, s, 5, head + "\"The\"}");
        feed(a, s, 6, head + "\"\"}");
        feed(a, s, 7, head + "\" answer\"}");
        assertThat(s.tokenNanos()).containsExactly(5, 7);
        assertThat(s.content()).isEqualTo("The answer");
        assertThat(s.usageSeen()).as("Triton sends no counts").isFalse();
        ResponseState error = new ResponseState();
        feed(a, error, 9, "{\"error\":\"in ensemble 'ensemble', Encountered error for requestId 1\"}");
        assertThat(error.bodyError()).contains("Encountered error");
    }
}
