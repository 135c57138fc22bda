package dev.barrage.sim;

import java.nio.charset.StandardCharsets;

/**
 * The words replies are made of, each with its leading space, kept as JSON-safe ASCII bytes so
 * events are assembled by copying. Reasoning words are distinct from content words so a test can
 * tell the two apart.
 */
final class Vocabulary {
    private static final String[] CONTENT = {
        " lorem", " ipsum", " dolor", " sit", " amet", " consectetur", " adipiscing", " elit",
        " sed", " do", " eiusmod", " tempor", " incididunt", " ut", " labore", " magna",
    };
    private static final String[] REASONING = {
        " hmm", " so", " first", " consider", " then", " therefore", " because", " check",
    };
    private static final byte[][] CONTENT_BYTES = encode(CONTENT);
    private static final byte[][] REASONING_BYTES = encode(REASONING);

    private Vocabulary() {
    }

    /** The bytes of token {@code tokenIndex} of sequence {@code sequenceNumber}. */
    static byte[] wordBytes(long sequenceNumber, int tokenIndex, boolean reasoning) {
        byte[][] words = reasoning ? REASONING_BYTES : CONTENT_BYTES;
        return words[index(sequenceNumber, tokenIndex, words.length)];
    }

    static String word(long sequenceNumber, int tokenIndex, boolean reasoning) {
        String[] words = reasoning ? REASONING : CONTENT;
        return words[index(sequenceNumber, tokenIndex, words.length)];
    }

    static boolean isContentWord(String word) {
        return contains(CONTENT, word);
    }

    static boolean isReasoningWord(String word) {
        return contains(REASONING, word);
    }

    /** Varies the text between sequences without a random draw; 5 is coprime to both sizes. */
    private static int index(long sequenceNumber, int tokenIndex, int size) {
        return (int) Math.floorMod(sequenceNumber + 5L * tokenIndex, (long) size);
    }

    private static boolean contains(String[] words, String word) {
        for (String candidate : words) {
            if (candidate.equals(word)) {
                return true;
            }
        }
        return false;
    }

    private static byte[][] encode(String[] words) {
        byte[][] bytes = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            bytes[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
