package dev.barrage.sim;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a generation request body into a {@link GenerationRequest}. Thread-safe and stateless
 * apart from the shared, immutable Jackson mapper and the token counter.
 */
final class RequestParser {
    /** Replies longer than this are refused: a non-streamed reply is built in memory. */
    static final int MAX_TOKENS_LIMIT = 1 << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final PromptTokenCounter tokenCounter;

    RequestParser(PromptTokenCounter tokenCounter) {
        this.tokenCounter = tokenCounter;
    }

    GenerationRequest parse(ApiKind kind, ByteBuf body) throws BadRequestException {
        JsonNode root = readJson(body);
        int promptTokens = kind == ApiKind.CHAT ? chatPromptTokens(root.get("messages"))
                : completionPromptTokens(root.get("prompt"));
        int maxTokens = optionalInt(root, "max_tokens");
        if (isAbsent(root.get("max_tokens"))) {
            maxTokens = optionalInt(root, "max_completion_tokens");
        }
        int minTokens = optionalInt(root, "min_tokens");
        if (minTokens < 0) {
            throw new BadRequestException("'min_tokens' must be at least 0, got " + minTokens);
        }
        JsonNode streamOptions = root.get("stream_options");
        boolean includeUsage = streamOptions != null && streamOptions.isObject()
                && optionalBoolean(streamOptions, "include_usage");
        JsonNode model = root.get("model");
        return new GenerationRequest(kind, model != null && model.isTextual() ? model.asText() : null,
                promptTokens, maxTokens, minTokens, optionalBoolean(root, "ignore_eos"),
                optionalBoolean(root, "stream"), includeUsage);
    }

    private static JsonNode readJson(ByteBuf body) throws BadRequestException {
        JsonNode root;
        try (InputStream in = new ByteBufInputStream(body.duplicate())) {
            root = MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new BadRequestException("Request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("Could not read the request body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("Request body should be a JSON object");
        }
        return root;
    }

    private int chatPromptTokens(JsonNode messages) throws BadRequestException {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequestException("'messages' is required and must be a non-empty array");
        }
        List<Map<String, Object>> texts = new ArrayList<>(messages.size());
        for (JsonNode message : messages) {
            if (!message.isObject()) {
                throw new BadRequestException("each entry of 'messages' must be an object");
            }
            texts.add(Map.of("role", message.path("role").asText("user"), "content", messageText(message.get("content"))));
        }
        return tokenCounter.countMessages(texts);
    }

    /** A message's text: the string, or its {@code text} parts joined; images and the like count 0. */
    private static String messageText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode partText = part.get("text");
            if (partText != null && partText.isTextual()) {
                text.append(partText.asText());
            }
        }
        return text.toString();
    }

    private int completionPromptTokens(JsonNode prompt) throws BadRequestException {
        if (isAbsent(prompt)) {
            throw new BadRequestException("'prompt' is required");
        }
        if (prompt.isTextual()) {
            return tokenCounter.countText(prompt.asText());
        }
        if (!prompt.isArray()) {
            throw new BadRequestException("'prompt' must be a string, a list of strings or a list of token ids");
        }
        int tokens = 0;
        for (JsonNode element : prompt) {
            if (element.isTextual()) {
                tokens += tokenCounter.countText(element.asText());
            } else if (element.isIntegralNumber()) {
                tokens++;
            } else if (element.isArray()) {
                tokens += element.size();
            } else {
                throw new BadRequestException("'prompt' list entries must be strings or token ids");
            }
        }
        return tokens;
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** The integer field, 0 when absent or null. */
    private static int optionalInt(JsonNode root, String field) throws BadRequestException {
        JsonNode node = root.get(field);
        if (isAbsent(node)) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadRequestException("'" + field + "' must be an integer, got " + node);
        }
        int value = node.intValue();
        if (field.startsWith("max_") && value < 1) {
            throw new BadRequestException("'" + field + "' must be at least 1, got " + value);
        }
        if (value > MAX_TOKENS_LIMIT) {
            throw new BadRequestException("'" + field + "' must be at most " + MAX_TOKENS_LIMIT + ", got " + value);
        }
        return value;
    }

    private static boolean optionalBoolean(JsonNode root, String field) throws BadRequestException {
        JsonNode node = root.get(field);
        if (isAbsent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new BadRequestException("'" + field + "' must be true or false, got " + node);
        }
        return node.booleanValue();
    }
}
