package dev.barrage.dataset;

import dev.barrage.tokenizer.ChatTemplate;
import dev.barrage.tokenizer.Tokenizer;
import dev.barrage.tokenizer.WordVocabulary;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random prompt text of an exact length. With a tokenizer, text is a sequence of whole-word tokens
 * from {@link WordVocabulary} (no special, byte-fallback, digit or punctuation tokens), whose
 * concatenation tokenizes back to the same tokens; the length counted is what the server counts
 * (chat template included when it applies). Without a tokenizer, lengths are characters.
 *
 * <p>Prompt {@code i} depends only on (seed, i), never on thread scheduling, so a set is
 * reproducible with {@code --seed} and can be generated on every core. Thread-safe.
 */
final class RandomText {
    /** Sentinel content used to find where a chat template puts the message text. */
    private static final String MARK = "\u0001BARRAGE\u0001";
    private static final String[] FALLBACK_WORDS = (" time year people way day man thing woman life child world"
            + " school state family student group country problem hand part place case week company system program"
            + " question work government number night point home water room mother area money story fact month lot"
            + " right study book eye job word business issue side kind head house service friend father power hour"
            + " game line end member law car city community name president team minute idea kid body information back"
            + " parent face others level office door health person art war history party result change morning reason"
            + " research girl guy moment air teacher force education").split("(?= )");

    private final Tokenizer tokenizer;
    private final PromptLengths lengths;
    private final long seed;
    private final String[] words;
    private final int[] wordIds;
    private final String templatePrefix;
    private final String templateSuffix;

    RandomText(Tokenizer tokenizer, PromptLengths lengths, long seed) {
        this.tokenizer = tokenizer;
        this.lengths = lengths;
        this.seed = seed;
        if (tokenizer != null) {
            WordVocabulary vocabulary;
            try {
                vocabulary = tokenizer.words();
            } catch (IllegalArgumentException none) {
                throw dev.barrage.BarrageException.invalidInput("The tokenizer of --tokenizer-path (" + tokenizer.name()
                        + ") has no plain word tokens to build random prompts from; random datasets need a BPE,"
                        + " SentencePiece or WordPiece vocabulary.");
            }
            this.words = vocabulary.texts();
            this.wordIds = vocabulary.ids();
        } else {
            this.words = FALLBACK_WORDS;
            this.wordIds = null;
        }
        String[] split = splitTemplate();
        this.templatePrefix = split[0];
        this.templateSuffix = split[1];
    }

    /**
     * The text around a message's content when the template inserts it verbatim (most do:
     * Qwen, ChatML); {@code null}s when it transforms it (Llama 3 trims it), in which case every
     * prompt is rendered through the template to be measured.
     */
    private String[] splitTemplate() {
        if (tokenizer == null || !lengths.chat() || !lengths.useTemplate() || tokenizer.chatTemplate().isEmpty()) {
            return new String[] {"", ""};
        }
        ChatTemplate template = tokenizer.chatTemplate().get();
        String marked = template.render(List.of(Map.of("role", "user", "content", MARK)), true);
        int at = marked.indexOf(MARK);
        if (at < 0) {
            return new String[] {null, null};
        }
        String prefix = marked.substring(0, at);
        String suffix = marked.substring(at + MARK.length());
        String sample = words[0] + words[words.length - 1];
        boolean verbatim = template.render(List.of(Map.of("role", "user", "content", sample)), true)
                .equals(prefix + sample + suffix);
        return verbatim ? new String[] {prefix, suffix} : new String[] {null, null};
    }

    /** A random generator for item {@code index} of stream {@code stream}: independent of threads. */
    SplittableRandom random(long stream, long index) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1)) ^ (stream * 0xC2B2AE3D27D4EB4FL));
    }

    /** Word indices of {@code count} random words. */
    int[] draw(SplittableRandom rnd, int count) {
        int[] picks = new int[count];
        for (int i = 0; i < count; i++) {
            picks[i] = rnd.nextInt(words.length);
        }
        return picks;
    }

    String text(int[] picks) {
        StringBuilder sb = new StringBuilder(picks.length * 8);
        for (int p : picks) {
            sb.append(words[p]);
        }
        return sb.toString();
    }

    int[] tokenIds(int[] picks) {
        int[] ids = new int[picks.length];
        for (int i = 0; i < picks.length; i++) {
            ids[i] = wordIds[picks[i]];
        }
        return ids;
    }

    /** The server-side length of a prompt whose text is {@code text}: rendered, then tokenized. */
    int measure(String text) {
        if (tokenizer == null) {
            return text.length();
        }
        if (templatePrefix == null) {
            return lengths.ofText(text);
        }
        String full = templatePrefix + text + templateSuffix;
        return lengths.chat() ? tokenizer.count(full) : tokenizer.countAsPrompt(full);
    }

    /** Tokens (or characters) the prompt has when its text is empty: template, BOS. */
    int emptyLength() {
        return measure("");
    }

    /** Characters-only prompt: exactly {@code chars} characters of words. */
    String characters(SplittableRandom rnd, int chars) {
        StringBuilder sb = new StringBuilder(chars + 16);
        while (sb.length() < chars) {
            sb.append(words[rnd.nextInt(words.length)]);
        }
        sb.setLength(chars);
        return sb.toString();
    }

    /**
     * Random words whose measured length is {@code length} (plus the template's own tokens, which
     * {@link #emptyLength()} counts): exact by construction with a tokenizer, since word tokens do
     * not merge; characters without one.
     */
    String ofLength(SplittableRandom rnd, int length) {
        if (tokenizer == null) {
            return characters(rnd, length);
        }
        return text(draw(rnd, Math.max(1, length)));
    }

    boolean tokenized() {
        return tokenizer != null;
    }
}
