package dev.barrage.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client-side token counts of one request (docs/metrics.md, "Token accounting"): its prompt
 * as the server would count it — chat messages through the chat template with the assistant
 * header, a completions prompt with the tokenizer's added special tokens, token ids as they are,
 * embedding input as text — and its reply text (content plus reasoning).
 *
 * <p>Runs on a run's collector thread, never on an I/O thread. Prompt counts are remembered per
 * distinct prompt (a dataset repeats its prompts), up to {@link #MEMO_LIMIT} of them, keyed by a
 * digest of the prompt's JSON; counts a dataset measured while it was built are handed in with
 * {@link #remember}, so a 1,024-token prompt (about 4 ms of template rendering and tokenizing) is
 * not measured twice. Thread-safe.
 */
public final class ClientTokenCounter {
    static final int MEMO_LIMIT = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Tokenizer tokenizer;
    private final boolean applyTemplate;
    private final Map<java.util.UUID, Integer> promptMemo = new ConcurrentHashMap<>();
    private final int imagePatchSize;

    /**
     * @param applyTemplate count chat messages through the chat template ({@code --apply-chat-template})
     */
    public ClientTokenCounter(Tokenizer tokenizer, boolean applyTemplate) {
        this(tokenizer, applyTemplate, dev.barrage.config.Defaults.IMAGE_PATCH_SIZE);
    }

    /**
     * @param imagePatchSize an image of h × w pixels counts ceil(h / p) · ceil(w / p) tokens
     *                       ({@code --image-patch-size}, evalscope's rule)
     */
    public ClientTokenCounter(Tokenizer tokenizer, boolean applyTemplate, int imagePatchSize) {
        this.tokenizer = tokenizer;
        this.applyTemplate = applyTemplate;
        this.imagePatchSize = imagePatchSize;
    }

    public String tokenizerName() {
        return tokenizer.name();
    }

    /** Prompt tokens of a request body (JSON), or -1 when it has no prompt this can count. */
    public int prompt(String requestBody) {
        JsonNode body;
        try {
            body = JSON.readTree(requestBody);
        } catch (IOException e) {
            return -1;
        }
        if (body == null) {
            return -1;
        }
        JsonNode input = firstPresent(body, "messages", "prompt", "input", "query");
        if (input == null) {
            return -1;
        }
        java.util.UUID key = key(input.toString());
        Integer known = promptMemo.get(key);
        if (known != null) {
            return known;
        }
        int n = count(body, input);
        if (promptMemo.size() < MEMO_LIMIT) {
            promptMemo.put(key, n);
        }
        return n;
    }

    /**
     * Records the count of a prompt measured elsewhere (by the dataset, the same way).
     *
     * @param inputJson the JSON of the body's "messages" (or "prompt") as the request will carry it
     */
    public void remember(String inputJson, int tokens) {
        if (tokens >= 0 && promptMemo.size() < MEMO_LIMIT) {
            promptMemo.put(key(inputJson), tokens);
        }
    }

    /** A 128-bit digest: keys stay small whatever the prompt's length, and collisions are negligible. */
    private static java.util.UUID key(String json) {
        return java.util.UUID.nameUUIDFromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private int count(JsonNode body, JsonNode input) {
        if (body.has("messages")) {
            List<?> messages = JSON.convertValue(flattenContent(input), List.class);
            return (applyTemplate ? tokenizer.countChat(messages) : sumOfContents(messages)) + imageTokens(input);
        }
        if (body.has("prompt")) {
            if (input.isTextual()) {
                return tokenizer.countAsPrompt(input.asText());
            }
            return input.isArray() && (input.isEmpty() || input.get(0).isNumber()) ? input.size() : -1;
        }
        if (input.isTextual()) {
            return tokenizer.count(input.asText());
        }
        int n = 0;
        for (JsonNode item : input) {
            n += item.isTextual() ? tokenizer.count(item.asText()) : 0;
        }
        return n;
    }

    /**
     * Tokens of the images in the messages: ceil(h / p) · ceil(w / p) each, the size read from the
     * data URL's image header. An image given by a remote URL cannot be sized here and counts 0.
     */
    private int imageTokens(JsonNode messages) {
        int n = 0;
        for (JsonNode m : messages) {
            for (JsonNode part : m.path("content")) {
                if (!"image_url".equals(part.path("type").asText())) {
                    continue;
                }
                JsonNode url = part.path("image_url");
                int[] size = ImageSize.ofDataUrl(url.isObject() ? url.path("url").asText() : url.asText());
                if (size != null) {
                    n += ceilDiv(size[0], imagePatchSize) * ceilDiv(size[1], imagePatchSize);
                }
            }
        }
        return n;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Multimodal content lists become their text (images are counted by {@link #imageTokens}). */
    private static JsonNode flattenContent(JsonNode messages) {
        JsonNode copy = messages.deepCopy();
        for (JsonNode m : copy) {
            JsonNode content = m.get("content");
            if (content != null && content.isArray() && m instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                StringBuilder text = new StringBuilder();
                content.forEach(part -> text.append(part.path("text").asText("")));
                o.put("content", text.toString());
            }
        }
        return copy;
    }

    private int sumOfContents(List<?> messages) {
        int n = 0;
        for (Object m : messages) {
            Object content = m instanceof Map<?, ?> map ? map.get("content") : null;
            n += content instanceof String s ? tokenizer.count(s) : 0;
        }
        return n;
    }

    /** Reply tokens: content and reasoning text, each tokenized on its own. */
    public int completion(String content, String reasoning) {
        int n = content == null || content.isEmpty() ? 0 : tokenizer.count(content);
        return n + (reasoning == null || reasoning.isEmpty() ? 0 : tokenizer.count(reasoning));
    }

    private static JsonNode firstPresent(JsonNode body, String... names) {
        for (String name : names) {
            JsonNode v = body.get(name);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }
}
