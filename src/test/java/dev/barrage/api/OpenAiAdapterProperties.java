package dev.barrage.api;

import dev.barrage.config.Arguments;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event handling over generated input: whatever an event's data holds (garbage, truncated or
 * mangled JSON, invalid UTF-8), the adapter never throws on the I/O thread; it records a token, a
 * usage, a server error or a "malformed" reason, and only well-formed token events count.
 */
class OpenAiAdapterProperties {
    private static final OpenAiAdapter ADAPTER = new OpenAiAdapter(
            Arguments.builder().model("m").url("http://127.0.0.1:1/v1/chat/completions").build(),
            "/v1/chat/completions", null);
    private static final String TOKEN = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" w\\u00f6rd\"},"
            + "\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}";

    @Property(tries = 1000)
    void garbageNeverThrowsAndIsNeverAToken(@ForAll @Size(max = 500) byte[] data) {
        ResponseState state = new ResponseState();
        ADAPTER.onEvent(data, data.length, 1, state);
        assertThat(state.dataEvents()).isEqualTo(1);
        if (state.tokenEvents() == 1) {
            // random bytes can spell a token event only if they are well-formed JSON with a delta
            assertThat(state.malformed()).isNull();
        }
    }

    @Property(tries = 1000)
    void aTruncatedEventIsMalformedNotAToken(@ForAll @IntRange(min = 0, max = 200) int cut) {
        byte[] whole = TOKEN.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(cut, whole.length - 1);
        ResponseState state = new ResponseState();
        ADAPTER.onEvent(Arrays.copyOf(whole, length), length, 1, state);
        assertThat(state.tokenEvents()).isZero();
        assertThat(state.malformed()).isNotNull();
    }

    @Property(tries = 1000)
    void oneMangledByteNeverThrows(@ForAll @IntRange(min = 0, max = 200) int at, @ForAll byte value) {
        byte[] data = TOKEN.getBytes(StandardCharsets.UTF_8);
        data[Math.min(at, data.length - 1)] = value;
        ResponseState state = new ResponseState();
        ADAPTER.onEvent(data, data.length, 5, state);
        // the property is that this returns at all; and one event is at most one token
        assertThat(state.tokenEvents()).isLessThanOrEqualTo(1);
        if (state.tokenEvents() == 1) {
            assertThat(state.firstTokenNanos()).isEqualTo(5);
        }
    }

    @Property(tries = 300)
    void invalidUtf8InsideTheTextIsMalformed(@ForAll("notUtf8") byte[] bad) {
        byte[] head = "{\"choices\":[{\"delta\":{\"content\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}}]}".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, data, 0, head.length);
        System.arraycopy(bad, 0, data, head.length, bad.length);
        System.arraycopy(tail, 0, data, head.length + bad.length, tail.length);
        ResponseState state = new ResponseState();
        ADAPTER.onEvent(data, data.length, 1, state);
        assertThat(state.tokenEvents()).isZero();
        assertThat(state.malformed()).containsIgnoringCase("UTF-8");
    }

    @Provide
    Arbitrary<byte[]> notUtf8() {
        // a lone continuation byte, an overlong form, 0xFF, or a 3-byte sequence cut short
        return Arbitraries.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xE4, (byte) 0xB8}, new byte[] {'a', (byte) 0xFE, 'b'});
    }
}
