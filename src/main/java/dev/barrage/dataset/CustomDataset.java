package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code custom}: JSON lines, each {@code {"prompt": "..."}} (also "query" or "question") or
 * {@code {"messages": [...]}}; a line that is not JSON is the prompt text itself. For anything
 * else, write a plug-in (docs/extending.md). Read only as far as the sweep needs ({@link NeededPrompts}).
 */
public final class CustomDataset implements DatasetPlugin {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<String> names() {
        return List.of("custom");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        Path file = ctx.requirePath();
        return new Dataset("custom", NeededPrompts.ofLines(ctx, file, CustomDataset::parse));
    }

    static Prompt parse(String line) throws com.fasterxml.jackson.core.JsonProcessingException {
        if (!line.startsWith("{")) {
            return Prompt.ofText(line);
        }
        JsonNode record = JSON.readTree(line);
        if (record.get("messages") instanceof ArrayNode messages && !messages.isEmpty()) {
            return Prompt.ofMessages(messages);
        }
        for (String field : List.of("prompt", "query", "question")) {
            JsonNode v = record.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return Prompt.ofText(v.asText());
            }
        }
        throw new IllegalArgumentException("expected {\"prompt\": \"...\"} or {\"messages\": [...]}");
    }
}
