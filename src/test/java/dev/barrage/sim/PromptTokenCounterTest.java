package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTokenCounterTest {
    private final PromptTokenCounter counter = PromptTokenCounter.approximate();

    @Test
    void asciiCountsOneTokenPerFourCodePointsRoundedUp() {
        assertThat(counter.countText("")).isZero();
        assertThat(counter.countText("a")).isEqualTo(1);
        assertThat(counter.countText("abcd")).isEqualTo(1);
        assertThat(counter.countText("abcde")).isEqualTo(2);
        assertThat(counter.countText("hello world")).isEqualTo(3);
        assertThat(counter.countText("x".repeat(4000))).isEqualTo(1000);
    }

    @Test
    void cjkKanaHangulAndFullwidthAreOneTokenEach() {
        assertThat(counter.countText("你好世界")).isEqualTo(4);
        assertThat(counter.countText("こんにちは")).isEqualTo(5);
        assertThat(counter.countText("안녕")).isEqualTo(2);
        assertThat(counter.countText("ＡＢ")).isEqualTo(2); // fullwidth forms, U+FF21..
        assertThat(counter.countText("\u2E80")).isEqualTo(1); // first counted code point
        assertThat(counter.countText("\u2E7F")).isEqualTo(1); // last narrow one: ceil(1/4)
    }

    @Test
    void mixedTextAddsWideTokensToTheNarrowRemainder() {
        // 2 wide + "hi " (3 narrow) -> 2 + 1
        assertThat(counter.countText("hi 你好")).isEqualTo(3);
        // 3 wide + "abcdefghi" (9 narrow) -> 3 + 3
        assertThat(counter.countText("abc中def文ghi字")).isEqualTo(6);
        // accented Latin is narrow: 8 code points -> 2
        assertThat(counter.countText("héllo wö")).isEqualTo(2);
    }

    @Test
    void supplementaryCodePointsCountOnceNotPerUtf16Unit() {
        // U+20000 (CJK Extension B) is a surrogate pair in Java: still one token
        assertThat(counter.countText(new String(Character.toChars(0x20000)))).isEqualTo(1);
    }

    @Test
    void chatAddsFourPerMessageAndTwoForTheReply() {
        assertThat(counter.countChat(List.of("hello world"))).isEqualTo(2 + 4 + 3);
        assertThat(counter.countChat(List.of("You are helpful.", "你好", ""))).isEqualTo(2 + (4 + 4) + (4 + 2) + 4);
    }
}
