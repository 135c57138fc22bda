package dev.barrage.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A HuggingFace {@code tokenizer.json}, run by DJL's binding of the Rust {@code tokenizers}
 * library (the same code transformers' fast tokenizers run, so counts match the server's). The
 * native library ships inside DJL's jar; nothing is downloaded.
 *
 * <p>Truncation and padding are switched off: DJL otherwise caps every encoding at 512 tokens
 * without a word. Thread-safe (the Rust tokenizer is immutable).
 */
final class HfTokenizer implements Tokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // DJL would look for native libraries and model zoos online otherwise; ours is in the jar.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private final String name;
    private final Path tokenizerJson;
    private final HuggingFaceTokenizer tokenizer;
    private final ChatTemplate chatTemplate;
    private final Once<WordVocabulary> words = new Once<>(this::buildWords);

    private HfTokenizer(String name, Path tokenizerJson, HuggingFaceTokenizer tokenizer, ChatTemplate chatTemplate) {
        this.name = name;
        this.tokenizerJson = tokenizerJson;
        this.tokenizer = tokenizer;
        this.chatTemplate = chatTemplate;
    }

    /**
     * Loads {@code tokenizer.json} and, from the same folder, the chat template and special tokens
     * of {@code tokenizer_config.json} (and {@code chat_template.jinja}, which wins, as in
     * transformers).
     */
    static HfTokenizer load(Path tokenizerJson) throws IOException {
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        Path dir = tokenizerJson.toAbsolutePath().getParent();
        ChatTemplate template = TokenizerConfig.chatTemplate(dir);
        return new HfTokenizer("tokenizer.json in " + dir, tokenizerJson, t, template);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int[] encode(String text) {
        return toInts(tokenizer.encode(text, false, false));
    }

    @Override
    public int countAsPrompt(String text) {
        return tokenizer.encode(text, true, false).getIds().length;
    }

    @Override
    public String decode(int[] ids) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return tokenizer.decode(longs, false);
    }

    @Override
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    @Override
    public WordVocabulary words() {
        return words.get();
    }

    private static int[] toInts(Encoding encoding) {
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /**
     * Reads the model's vocabulary from tokenizer.json (DJL does not expose it), keeps the word
     * tokens (byte-level "Ġword" or SentencePiece "▁word"), drops added and special tokens, and
     * keeps only those that encode back to themselves.
     */
    private WordVocabulary buildWords() {
        JsonNode root;
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-read " + tokenizerJson + ": " + e.getMessage(), e);
        }
        Set<Integer> added = new HashSet<>();
        root.path("added_tokens").forEach(t -> added.add(t.path("id").asInt()));
        List<Integer> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                addCandidate(e.getKey(), e.getValue().asInt(), added, ids, texts);
            }
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...], the id is the position
            for (int id = 0; id < vocab.size(); id++) {
                addCandidate(vocab.get(id).path(0).asText(), id, added, ids, texts);
            }
        }
        return verified(ids, texts);
    }

    private static void addCandidate(String piece, int id, Set<Integer> added, List<Integer> ids, List<String> texts) {
        if (added.contains(id) || piece.isEmpty()) {
            return;
        }
        char first = piece.charAt(0);
        // 'Ġ' (byte-level space) or '▁' (SentencePiece) start a word; WordPiece (BERT) words have
        // no marker at all (continuations start with "##", which isWord rejects)
        String text = first == '\u0120' || first == '\u2581' ? " " + piece.substring(1) : " " + piece;
        if (WordVocabulary.isWord(text)) {
            ids.add(id);
            texts.add(text);
        }
    }

    private WordVocabulary verified(List<Integer> ids, List<String> texts) {
        List<Integer> keptIds = new ArrayList<>();
        List<String> keptTexts = new ArrayList<>();
        Encoding[] encodings = tokenizer.batchEncode(texts, false, false);
        for (int i = 0; i < encodings.length; i++) {
            long[] got = encodings[i].getIds();
            if (got.length == 1 && got[0] == ids.get(i)) {
                keptIds.add(ids.get(i));
                keptTexts.add(texts.get(i));
            }
        }
        int[] sorted = keptIds.stream().mapToInt(Integer::intValue).toArray();
        Integer[] order = new Integer[sorted.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(sorted[a], sorted[b]));
        int[] outIds = new int[order.length];
        String[] outTexts = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            outIds[i] = sorted[order[i]];
            outTexts[i] = keptTexts.get(order[i]);
        }
        return new WordVocabulary(outIds, outTexts);
    }
}
