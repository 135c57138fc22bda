package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code line_by_line}: one prompt per line of {@code --dataset-path} — a JSON array is a chat
 * messages list, a JSON object a full request body, anything else the prompt text itself. Read
 * only as far as the sweep needs ({@link NeededPrompts}).
 */
public final class LineByLineDataset implements DatasetPlugin {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<String> names() {
        return List.of("line_by_line");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        Path file = ctx.requirePath();
        return new Dataset("line_by_line", NeededPrompts.ofLines(ctx, file, LineByLineDataset::parse));
    }

    static Prompt parse(String line) throws com.fasterxml.jackson.core.JsonProcessingException {
        if (line.startsWith("[")) {
            JsonNode node = JSON.readTree(line);
            if (node instanceof ArrayNode messages && !messages.isEmpty()) {
                return Prompt.ofMessages(messages);
            }
            throw new IllegalArgumentException("a line starting with '[' must be a non-empty JSON messages array");
        }
        if (line.startsWith("{")) {
            JsonNode node = JSON.readTree(line);
            if (node instanceof ObjectNode body) {
                return Prompt.ofBody(body);
            }
        }
        return Prompt.ofText(line);
    }
}
