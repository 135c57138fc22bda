package dev.barrage.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's {@code cl100k_base} and {@code o200k_base} encodings (jtokkit; the tables ship in its
 * jar). OpenAI models' chat formatting is not public as a template, so there is none: chat
 * prompts count their message texts. Special-token text is counted as ordinary text, as the
 * OpenAI API does for user content. Thread-safe.
 */
final class TiktokenTokenizer implements Tokenizer {
    private final String name;
    private final Encoding encoding;
    private final int vocabularySize;
    private final Once<WordVocabulary> words = new Once<>(this::buildWords);

    private TiktokenTokenizer(String name, Encoding encoding, int vocabularySize) {
        this.name = name;
        this.encoding = encoding;
        this.vocabularySize = vocabularySize;
    }

    /** @param encodingName "cl100k_base" or "o200k_base"; {@code null} for any other name */
    static TiktokenTokenizer of(String encodingName) {
        return switch (encodingName) {
            case "cl100k_base" -> new TiktokenTokenizer("tiktoken:cl100k_base",
                    Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE), 100_256);
            case "o200k_base" -> new TiktokenTokenizer("tiktoken:o200k_base",
                    Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE), 199_998);
            default -> null;
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] encode(String text) {
        return encoding.encodeOrdinary(text).toArray();
    }

    @Override
    public int count(String text) {
        return encoding.countTokensOrdinary(text);
    }

    @Override
    public int countAsPrompt(String text) {
        return count(text);
    }

    @Override
    public String decode(int[] ids) {
        IntArrayList list = new IntArrayList(ids.length);
        for (int id : ids) {
            list.add(id);
        }
        return encoding.decode(list);
    }

    @Override
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.empty();
    }

    @Override
    public WordVocabulary words() {
        return words.get();
    }

    private WordVocabulary buildWords() {
        List<Integer> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        IntArrayList one = new IntArrayList(1);
        one.add(0);
        for (int id = 0; id < vocabularySize; id++) {
            one.set(0, id);
            String text;
            try {
                text = new String(encoding.decodeBytes(one), StandardCharsets.UTF_8);
            } catch (RuntimeException unusedId) {
                continue; // gaps in the id range
            }
            if (WordVocabulary.isWord(text) && count(text) == 1) {
                ids.add(id);
                texts.add(text);
            }
        }
        return new WordVocabulary(ids.stream().mapToInt(Integer::intValue).toArray(), texts.toArray(new String[0]));
    }
}
