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
    private final PrefixCache prefixCache;

    RequestParser(PromptTokenCounter tokenCounter) {
        this(tokenCounter, null);
    }

    /** @param prefixCache the automatic prefix cache chat requests go through, or {@code null} */
    RequestParser(PromptTokenCounter tokenCounter, PrefixCache prefixCache) {
        this.tokenCounter = tokenCounter;
        this.prefixCache = prefixCache;
    }

    /**
     * @param sseHeader the request asked for a stream in its headers ({@code X-DashScope-SSE: enable}
     *                  or {@code Accept: text/event-stream}), as DashScope's clients do
     */
    GenerationRequest parse(ApiKind kind, ByteBuf body, boolean sseHeader) throws BadRequestException {
        JsonNode root = readJson(body);
        return switch (kind) {
            case CHAT, COMPLETIONS -> openAi(kind, root);
            case RESPONSES -> responses(root);
            case ANTHROPIC -> anthropic(root);
            case DASHSCOPE -> dashScope(root, sseHeader);
            case SGLANG -> sglang(root);
            case TRTLLM -> trtLlm(root, sseHeader);
            case EMBEDDINGS -> embeddings(root);
            case RERANK -> rerank(root);
        };
    }

    GenerationRequest parse(ApiKind kind, ByteBuf body) throws BadRequestException {
        return parse(kind, body, false);
    }

    private GenerationRequest openAi(ApiKind kind, JsonNode root) throws BadRequestException {
        int promptTokens = kind == ApiKind.CHAT ? chatPromptTokens(root.get("messages"))
                : completionPromptTokens(root.get("prompt"));
        int maxTokens = optionalInt(root, "max_tokens");
        if (isAbsent(root.get("max_tokens"))) {
            maxTokens = optionalInt(root, "max_completion_tokens");
        }
        JsonNode streamOptions = root.get("stream_options");
        boolean includeUsage = streamOptions != null && streamOptions.isObject()
                && optionalBoolean(streamOptions, "include_usage");
        GenerationRequest request = request(kind, root, root, promptTokens, maxTokens, optionalBoolean(root, "stream"),
                includeUsage, 1);
        if (prefixCache != null && kind == ApiKind.CHAT) {
            List<Map<String, Object>> messages = chatMessages(root.get("messages"));
            request = request.withCachedTokens(prefixCache.lookupAndStore(messages, promptTokens, tokenCounter));
        }
        return request;
    }

    /** The generation request; {@code min_tokens} and {@code ignore_eos} are read from {@code settings}. */
    private static GenerationRequest request(ApiKind kind, JsonNode root, JsonNode settings, int promptTokens,
            int maxTokens, boolean stream, boolean includeUsage, int inputs) throws BadRequestException {
        int minTokens = optionalInt(settings, "min_tokens");
        if (minTokens < 0) {
            throw new BadRequestException("'min_tokens' must be at least 0, got " + minTokens);
        }
        JsonNode model = root.get("model");
        return new GenerationRequest(kind, model != null && model.isTextual() ? model.asText() : null, promptTokens,
                maxTokens, minTokens, optionalBoolean(settings, "ignore_eos"), stream, includeUsage, inputs);
    }

    /** Responses API: {@code input} (a string, or message items) and {@code instructions}. */
    private GenerationRequest responses(JsonNode root) throws BadRequestException {
        JsonNode input = root.get("input");
        List<Map<String, Object>> messages = new ArrayList<>();
        addSystem(messages, root.get("instructions"));
        if (input != null && input.isTextual()) {
            messages.add(Map.of("role", "user", "content", input.asText()));
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                messages.add(Map.of("role", item.path("role").asText("user"), "content", messageText(item.get("content"))));
            }
        } else {
            throw new BadRequestException("'input' is required: a string or a non-empty array of input items");
        }
        return request(ApiKind.RESPONSES, root, root, tokenCounter.countMessages(messages),
                optionalInt(root, "max_output_tokens"), optionalBoolean(root, "stream"), true, 1);
    }

    /** Anthropic Messages: {@code messages}, an optional {@code system}, and a required {@code max_tokens}. */
    private GenerationRequest anthropic(JsonNode root) throws BadRequestException {
        if (isAbsent(root.get("max_tokens"))) {
            throw new BadRequestException("max_tokens: Field required");
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        addSystem(messages, root.get("system"));
        messages.addAll(chatMessages(root.get("messages")));
        return request(ApiKind.ANTHROPIC, root, root, tokenCounter.countMessages(messages),
                optionalInt(root, "max_tokens"), optionalBoolean(root, "stream"), true, 1);
    }

    /** DashScope: {@code input.messages} (or {@code input.prompt}) and {@code parameters}. */
    private GenerationRequest dashScope(JsonNode root, boolean sseHeader) throws BadRequestException {
        JsonNode input = root.get("input");
        if (input == null || !input.isObject()) {
            throw new BadRequestException("'input' is required: {\"messages\": [...]} or {\"prompt\": \"...\"}");
        }
        int promptTokens = input.has("messages") ? tokenCounter.countMessages(chatMessages(input.get("messages")))
                : tokenCounter.countMessages(List.of(Map.of("role", "user", "content",
                        messageText(requireText(input, "prompt")))));
        JsonNode parameters = root.path("parameters");
        JsonNode settings = parameters.isObject() ? parameters : root;
        return request(ApiKind.DASHSCOPE, root, settings, promptTokens, optionalInt(settings, "max_tokens"),
                sseHeader, true, 1);
    }

    /** SGLang's {@code /generate}: {@code text} or {@code input_ids}, and {@code sampling_params}. */
    private GenerationRequest sglang(JsonNode root) throws BadRequestException {
        JsonNode input = root.has("input_ids") ? root.get("input_ids") : root.get("text");
        if (isAbsent(input)) {
            throw new BadRequestException("'text' or 'input_ids' is required");
        }
        int promptTokens = completionPromptTokens(input);
        JsonNode params = root.path("sampling_params");
        JsonNode settings = params.isObject() ? params : root;
        int minTokens = optionalInt(settings, "min_new_tokens");
        JsonNode model = root.get("model");
        return new GenerationRequest(ApiKind.SGLANG, model != null && model.isTextual() ? model.asText() : null,
                promptTokens, optionalInt(settings, "max_new_tokens"), Math.max(0, minTokens),
                optionalBoolean(settings, "ignore_eos"), optionalBoolean(root, "stream"), true, 1);
    }

    /**
     * Triton's generate extension for TensorRT-LLM: {@code text_input}, {@code max_tokens},
     * {@code min_length}; streamed when sent to {@code .../generate_stream}.
     */
    private GenerationRequest trtLlm(JsonNode root, boolean streamPath) throws BadRequestException {
        int promptTokens = tokenCounter.countText(messageText(requireText(root, "text_input")));
        int minTokens = optionalInt(root, "min_length");
        return new GenerationRequest(ApiKind.TRTLLM, null, promptTokens, optionalInt(root, "max_tokens"),
                Math.max(0, minTokens), root.has("end_id"), streamPath, false, 1);
    }

    /** Embeddings: {@code input}, a string, strings, or token ids; one vector per text. */
    private GenerationRequest embeddings(JsonNode root) throws BadRequestException {
        JsonNode input = root.get("input");
        if (isAbsent(input)) {
            throw new BadRequestException("'input' is required");
        }
        int inputs = input.isArray() && !input.isEmpty() && !input.get(0).isIntegralNumber() ? input.size() : 1;
        return request(ApiKind.EMBEDDINGS, root, root, completionPromptTokens(input), 0, false, false, inputs);
    }

    /** Rerank: {@code query} and {@code documents} (strings or {@code {"text": ...}}); one score per document. */
    private GenerationRequest rerank(JsonNode root) throws BadRequestException {
        String query = messageText(requireText(root, "query"));
        JsonNode documents = root.get("documents");
        if (documents == null || !documents.isArray() || documents.isEmpty()) {
            throw new BadRequestException("'documents' is required and must be a non-empty array");
        }
        int tokens = 0;
        for (JsonNode document : documents) {
            String text = document.isTextual() ? document.asText() : document.path("text").asText("");
            tokens += tokenCounter.countText(query) + tokenCounter.countText(text);
        }
        return request(ApiKind.RERANK, root, root, tokens, 0, false, false, documents.size());
    }

    private static JsonNode requireText(JsonNode parent, String field) throws BadRequestException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new BadRequestException("'" + field + "' is required and must be a string");
        }
        return node;
    }

    /** A system prompt given beside the messages (a string, or text blocks), as a system message. */
    private static void addSystem(List<Map<String, Object>> messages, JsonNode system) {
        if (system != null && (system.isTextual() || system.isArray())) {
            messages.add(Map.of("role", "system", "content", messageText(system)));
        }
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
        return tokenCounter.countMessages(chatMessages(messages));
    }

    /** A chat {@code messages} array as role/content maps (content as text). */
    private static List<Map<String, Object>> chatMessages(JsonNode messages) throws BadRequestException {
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
        return texts;
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
