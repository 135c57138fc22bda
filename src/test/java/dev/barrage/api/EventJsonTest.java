package dev.barrage.api;

import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reused parser per thread: a broken event never leaks into the next one, and events that
 * share one buffer (as the SSE decoder's) parse as if each had its own parser.
 */
class EventJsonTest {
    private static final String CHAT = "/v1/chat/completions";
    private final OpenAiAdapter adapter = new OpenAiAdapter(Arguments.builder().model("m")
            .url("http://127.0.0.1:1" + CHAT).build(), CHAT, null);
    /** Like the SSE decoder's: one array, overwritten by each event. */
    private final byte[] buffer = new byte[1024];

    private void event(ResponseState s, String json, long nanos) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        Arrays.fill(buffer, (byte) 'x');
        System.arraycopy(b, 0, buffer, 0, b.length);
        adapter.onEvent(buffer, b.length, nanos, s);
    }

    private static String token(String text) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}";
    }

    @Test
    void eventsAfterBrokenOnesParseAsIfAlone() {
        String[] broken = {"{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut", "{not json", "42", "\"text\"",
            "[1,2", "{\"a\":1}}", "{\"a\":1} trailing", "{\"a\":1} {\"b\":", "{\"a\":1} 7"};
        for (String bad : broken) {
            ResponseState s = new ResponseState();
            event(s, token("a"), 1);
            event(s, bad, 2);
            event(s, token("b"), 3);
            event(s, token("c"), 4);
            assertThat(s.content()).as("after %s", bad).isEqualTo("abc");
            assertThat(s.tokenNanos()).as("after %s", bad).containsExactly(1, 3, 4);
        }
    }

    @Test
    void aCutOffEventIsMalformed() {
        ResponseState s = new ResponseState();
        event(s, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"cut", 1);
        assertThat(s.malformed()).isEqualTo(EventJson.CUT_OFF);
        assertThat(s.tokenEvents()).isZero();
    }

    @Test
    void whatFollowsAWholeValueIsIgnoredAsBefore() {
        ResponseState s = new ResponseState();
        event(s, token("a") + "  " + token("ignored"), 1);
        event(s, token("b"), 2);
        assertThat(s.content()).isEqualTo("ab");
        assertThat(s.malformed()).isNull();
    }

    @Test
    void theOtherApisShareTheReusedParser() {
        ResponseState s = new ResponseState();
        AnthropicAdapter anthropic = new AnthropicAdapter(new ApiContext(Arguments.builder().model("m").api("anthropic")
                .url("http://127.0.0.1:1/v1/messages").build(), "/v1/messages", null));
        byte[] bad = "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"x".getBytes(
                StandardCharsets.UTF_8);
        anthropic.onEvent(bad, bad.length, 1, s);
        assertThat(s.malformed()).isEqualTo(EventJson.CUT_OFF);
        ResponseState next = new ResponseState();
        event(next, token("ok"), 2);
        assertThat(next.content()).isEqualTo("ok");
    }
}
