package dev.barrage.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the chat template and special tokens of a HuggingFace model folder: {@code
 * chat_template.jinja} when present (transformers' current layout), else the {@code chat_template}
 * of {@code tokenizer_config.json} — a string, or a list of named templates of which "default" is
 * used, as transformers does.
 */
final class TokenizerConfig {
    static final String CONFIG_FILE = "tokenizer_config.json";
    static final String TEMPLATE_FILE = "chat_template.jinja";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SPECIAL_TOKENS = List.of("bos_token", "eos_token", "unk_token", "pad_token",
            "sep_token", "cls_token", "mask_token");

    private TokenizerConfig() {
    }

    /** The folder's chat template, or {@code null} when it has none. */
    static ChatTemplate chatTemplate(Path dir) throws IOException {
        Path configFile = dir.resolve(CONFIG_FILE);
        JsonNode config = Files.isRegularFile(configFile) ? JSON.readTree(configFile.toFile()) : JSON.createObjectNode();
        Path templateFile = dir.resolve(TEMPLATE_FILE);
        String source = Files.isRegularFile(templateFile) ? Files.readString(templateFile, StandardCharsets.UTF_8)
                : templateOf(config.get("chat_template"));
        if (source == null || source.isBlank()) {
            return null;
        }
        return new ChatTemplate(source, specialTokens(config));
    }

    private static String templateOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            for (JsonNode named : node) {
                if ("default".equals(named.path("name").asText())) {
                    return named.path("template").asText(null);
                }
            }
        }
        return null;
    }

    /** Special tokens are strings, or objects whose "content" is the string. */
    private static Map<String, String> specialTokens(JsonNode config) {
        Map<String, String> tokens = new HashMap<>();
        for (String key : SPECIAL_TOKENS) {
            JsonNode v = config.get(key);
            if (v != null && v.isTextual()) {
                tokens.put(key, v.asText());
            } else if (v != null && v.path("content").isTextual()) {
                tokens.put(key, v.path("content").asText());
            }
        }
        return tokens;
    }
}
