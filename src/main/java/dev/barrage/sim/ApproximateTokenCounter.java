package dev.barrage.sim;

/**
 * Token counting without a tokenizer: every code point at or above U+2E80 (CJK ideographs, kana,
 * hangul, fullwidth forms and everything later in Unicode) is one token, and the remaining code
 * points count one token per 4, rounded up. So {@code "hello world"} (11 code points) is 3 tokens,
 * {@code "你好"} is 2 and {@code "hi 你好"} is 2 + ceil(3 / 4) = 3.
 *
 * <p>English BPE tokenizers average about 4 characters per token and CJK text is close to one
 * token per character; this is enough to make prompt sizes and prefill delays plausible.
 */
final class ApproximateTokenCounter implements PromptTokenCounter {
    static final ApproximateTokenCounter INSTANCE = new ApproximateTokenCounter();

    /** First code point of the CJK Radicals Supplement block. */
    private static final int WIDE_FROM = 0x2E80;

    private ApproximateTokenCounter() {
    }

    @Override
    public int countText(String text) {
        int wide = 0;
        int narrow = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint >= WIDE_FROM) {
                wide++;
            } else {
                narrow++;
            }
        }
        return wide + (narrow + 3) / 4;
    }
}
