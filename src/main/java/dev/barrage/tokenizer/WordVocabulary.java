package dev.barrage.tokenizer;

/**
 * The random dataset's vocabulary window: token ids that each decode to a space and ASCII letters
 * (" the", " model") and encode back to themselves. Special tokens, byte-fallback tokens,
 * punctuation and digits are never in it. Immutable.
 *
 * @param ids   token ids, ascending
 * @param texts the text of each token, same order (each starts with one space)
 */
public record WordVocabulary(int[] ids, String[] texts) {
    public WordVocabulary {
        if (ids.length != texts.length) {
            throw new IllegalArgumentException("ids (" + ids.length + ") and texts (" + texts.length + ") differ in length");
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("the tokenizer has no plain word tokens to build random prompts from");
        }
    }

    public int size() {
        return ids.length;
    }


    /** True for a token text this vocabulary accepts: one space then at least two ASCII letters. */
    static boolean isWord(String text) {
        if (text.length() < 3 || text.charAt(0) != ' ') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }
}
