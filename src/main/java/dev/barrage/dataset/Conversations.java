package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * How a conversation dataset encodes a conversation in one {@link Prompt}, in one of two forms:
 * <ul>
 *   <li>a <b>script</b> ({@link Prompt#messages()}): assistant messages only mark where one user
 *       turn ends and the next begins (their text is never sent: the model's real replies take
 *       their place). A turn is the run of non-assistant messages (system, user, tool) before an
 *       assistant message or the end, as in evalscope's {@code custom_multi_turn}.</li>
 *   <li><b>turns</b> ({@link Prompt#body()} {@code {"turns": [{"messages": [...], "max_tokens": n,
 *       "wait_s": s}, ...]}}): each turn's new messages, with optional per-turn settings — a reply
 *       cap and a wait before sending it (a recorded tool call's latency) — as trace-replay
 *       datasets ({@code trie_*}) need.</li>
 * </ul>
 */
public final class Conversations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Conversations() {
    }

    /**
     * One turn: the messages the client adds before asking for a reply.
     *
     * @param maxTokens   this turn's reply cap, or -1 for the run's {@code --max-tokens}
     * @param waitSeconds wait between the previous reply and this turn (on top of {@code --think-time})
     */
    public record Turn(List<ObjectNode> messages, int maxTokens, double waitSeconds) {
        public Turn {
            messages = List.copyOf(messages);
        }
    }

    /** The turns of a conversation prompt. */
    public static List<Turn> turns(Prompt conversation) {
        if (conversation.messages() != null) {
            return scriptTurns(conversation.messages());
        }
        JsonNode turns = conversation.body() == null ? null : conversation.body().get("turns");
        if (turns == null || !turns.isArray()) {
            throw new IllegalArgumentException("not a conversation: expected a messages script or {\"turns\": [...]}");
        }
        List<Turn> out = new ArrayList<>(turns.size());
        for (JsonNode t : turns) {
            List<ObjectNode> messages = new ArrayList<>();
            t.path("messages").forEach(m -> messages.add((ObjectNode) m));
            out.add(new Turn(messages, t.path("max_tokens").asInt(-1), t.path("wait_s").asDouble(0)));
        }
        return out;
    }

    /** Whether {@code prompt} is a conversation in one of the two forms. */
    public static boolean isConversation(Prompt prompt) {
        return prompt.messages() != null || prompt.body() != null && prompt.body().path("turns").isArray();
    }

    /** The number of turns of a conversation prompt. */
    public static int turnCount(Prompt conversation) {
        if (conversation.messages() == null && conversation.body() != null) {
            return conversation.body().path("turns").size();
        }
        return turns(conversation).size();
    }

    /** A conversation in the turns form. */
    public static Prompt ofTurns(List<Turn> turns) {
        ObjectNode body = NODES.objectNode();
        ArrayNode array = body.putArray("turns");
        for (Turn t : turns) {
            ObjectNode turn = array.addObject();
            t.messages().forEach(turn.putArray("messages")::add);
            if (t.maxTokens() > 0) {
                turn.put("max_tokens", t.maxTokens());
            }
            if (t.waitSeconds() > 0) {
                turn.put("wait_s", t.waitSeconds());
            }
        }
        return Prompt.ofBody(body);
    }

    private static List<Turn> scriptTurns(ArrayNode script) {
        List<Turn> turns = new ArrayList<>();
        List<ObjectNode> current = new ArrayList<>();
        for (JsonNode m : script) {
            if ("assistant".equals(m.path("role").asText())) {
                if (!current.isEmpty()) {
                    turns.add(new Turn(current, -1, 0));
                    current = new ArrayList<>();
                }
            } else {
                current.add((ObjectNode) m);
            }
        }
        if (!current.isEmpty()) {
            turns.add(new Turn(current, -1, 0));
        }
        return turns;
    }
}
