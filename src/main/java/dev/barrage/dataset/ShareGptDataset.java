package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code share_gpt} (also {@code share_gpt_zh}, {@code share_gpt_en}): a ShareGPT file (JSON array
 * or JSON lines) of {@code {"conversations": [{"from": "human"|"gpt"|"system", "value": ...}]}}
 * (or {@code "messages"} with role/content). Each conversation becomes its history up to and
 * including its last user turn, as evalscope sends it; conversations without a user turn are
 * skipped. Read only as far as the sweep needs ({@link NeededPrompts}).
 */
public final class ShareGptDataset implements DatasetPlugin {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public List<String> names() {
        return List.of("share_gpt", "share_gpt_zh", "share_gpt_en");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        Path file = ctx.requirePath();
        NeededPrompts needed = new NeededPrompts(ctx, file, ctx.promptsNeeded());
        JsonRecords.read(file, ShareGptDataset::conversation, needed);
        if (needed.offered() == 0) {
            throw dev.barrage.BarrageException.invalidInput("The dataset file '" + file + "' (--dataset-path) has no"
                    + " conversation with a user turn.");
        }
        return new Dataset(ctx.name(), needed.kept());
    }

    static Prompt conversation(JsonNode record) {
        JsonNode turns = record.has("conversations") ? record.get("conversations") : record.get("messages");
        if (turns == null || !turns.isArray()) {
            throw new IllegalArgumentException("expected an object with a \"conversations\" array");
        }
        ArrayNode messages = NODES.arrayNode();
        int lastUser = -1;
        for (JsonNode turn : turns) {
            String role = role(turn.has("from") ? turn.path("from").asText() : turn.path("role").asText());
            JsonNode value = turn.has("value") ? turn.get("value") : turn.get("content");
            if (role == null || value == null || !value.isTextual()) {
                throw new IllegalArgumentException("each turn needs \"from\" (human, gpt, system) and a \"value\" string");
            }
            messages.addObject().put("role", role).put("content", value.asText());
            if (role.equals("user")) {
                lastUser = messages.size() - 1;
            }
        }
        if (lastUser < 0) {
            return null;
        }
        while (messages.size() > lastUser + 1) {
            messages.remove(messages.size() - 1);
        }
        return Prompt.ofMessages(messages);
    }

    private static String role(String from) {
        return switch (from) {
            case "human", "user" -> "user";
            case "gpt", "assistant", "chatgpt", "bard", "bing" -> "assistant";
            case "system" -> "system";
            default -> null;
        };
    }
}
