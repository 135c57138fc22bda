package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * How a conversation dataset encodes a conversation: one {@link Prompt#messages()} array, the
 * script, in which assistant messages only mark where one user turn ends and the next begins
 * (their text is never sent: the model's real replies take their place). A turn is the run of
 * non-assistant messages (system, user, tool) before an assistant message or the end, as in
 * evalscope's {@code custom_multi_turn}; a trailing assistant message ends nothing.
 */
public final class Conversations {
    private Conversations() {
    }

    /** The turns of a script: each the messages the client adds before asking for a reply. */
    public static List<List<ObjectNode>> turns(ArrayNode script) {
        List<List<ObjectNode>> turns = new ArrayList<>();
        List<ObjectNode> current = new ArrayList<>();
        for (JsonNode m : script) {
            if ("assistant".equals(m.path("role").asText())) {
                if (!current.isEmpty()) {
                    turns.add(current);
                    current = new ArrayList<>();
                }
            } else {
                current.add((ObjectNode) m);
            }
        }
        if (!current.isEmpty()) {
            turns.add(current);
        }
        return turns;
    }

    /** The number of turns of a script. */
    public static int turnCount(ArrayNode script) {
        return turns(script).size();
    }
}
