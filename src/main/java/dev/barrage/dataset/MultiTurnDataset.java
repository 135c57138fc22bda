package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.config.Defaults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The conversation datasets of {@code --multi-turn}. Each prompt is a conversation script
 * ({@link Conversations}): its user turns in order, separated by assistant messages whose text
 * is replaced by the model's real replies at run time.
 * <ul>
 *   <li>{@code random_multi_turn}: per conversation, a turn count drawn from
 *       [{@code --min-turns}, {@code --max-turns}], each turn one user message of random words
 *       whose length is drawn from [{@code --min-prompt-length}, {@code --max-prompt-length}]
 *       tokens with a tokenizer (the message text alone: the template and the history come on
 *       top), characters without one.</li>
 *   <li>{@code share_gpt_zh_multi_turn}, {@code share_gpt_en_multi_turn} (and
 *       {@code share_gpt_multi_turn}): a ShareGPT file, one conversation per line or a JSON array —
 *       evalscope's {@code {"conversation": [{"human": ..., "assistant": ...}]}} (swift/sharegpt),
 *       {@code {"conversations": [{"from": ..., "value": ...}]}}, or {@code {"messages": [...]}}.</li>
 *   <li>{@code custom_multi_turn}: JSON lines, each a conversation as an OpenAI messages array
 *       (or {@code {"messages": [...]}}).</li>
 * </ul>
 * Length bounds, when given, apply to a file conversation's first user turn (as evalscope).
 */
public final class MultiTurnDataset implements DatasetPlugin {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<String> names() {
        return List.of("random_multi_turn", "share_gpt_multi_turn", "share_gpt_zh_multi_turn",
                "share_gpt_en_multi_turn", "custom_multi_turn");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        requireChat(ctx);
        if (ctx.name().equals("random_multi_turn")) {
            return random(ctx);
        }
        Path file = ctx.requirePath();
        List<Prompt> conversations = ctx.name().equals("custom_multi_turn")
                ? JsonRecords.readLines(file, MultiTurnDataset::customLine)
                : JsonRecords.read(file, MultiTurnDataset::shareGpt);
        if (conversations.isEmpty()) {
            throw BarrageException.invalidInput("The dataset file '" + file + "' (--dataset-path) has no conversation"
                    + " with a user turn.");
        }
        return new Dataset(ctx.name(), firstTurnWithinLengths(ctx, conversations, file));
    }

    /** Conversations are chat histories: a completions URL cannot carry them. */
    static void requireChat(DatasetContext ctx) {
        if (!ctx.chat()) {
            throw BarrageException.invalidInput("--dataset " + ctx.name() + " sends each conversation's history as"
                    + " chat messages: use a chat endpoint (.../v1/chat/completions), not "
                    + Arguments.maskUrl(ctx.args().url()) + ".");
        }
    }

    private static Dataset random(DatasetContext ctx) {
        Arguments a = ctx.args();
        String unit = ctx.tokenizer() != null ? "tokens" : "characters";
        if (a.maxPromptLength() == Defaults.MAX_PROMPT_LENGTH) {
            throw BarrageException.invalidInput("Option '--dataset random_multi_turn' needs --max-prompt-length (and"
                    + " usually --min-prompt-length): each turn's user message is drawn from [min, max] " + unit
                    + ", e.g. --min-prompt-length 128 --max-prompt-length 256.");
        }
        int maxTurns = a.maxTurns();
        int minTurns = a.minTurns();
        int minLength = Math.max(1, a.minPromptLength());
        int maxLength = a.maxPromptLength();
        // Word text that reads its own length in tokens needs no template measure: a turn is the
        // message text alone.
        RandomText rt = new RandomText(ctx.tokenizer(), new PromptLengths(ctx.tokenizer(), false, false), ctx.seed());
        long offset = a.datasetOffset();
        List<Prompt> conversations = ctx.parallel(ctx.promptsNeeded(), i -> {
            SplittableRandom rnd = rt.random(3, offset + i);
            int turns = minTurns + rnd.nextInt(maxTurns - minTurns + 1);
            ArrayNode script = NODES.arrayNode();
            for (int t = 0; t < turns; t++) {
                if (t > 0) {
                    script.addObject().put("role", "assistant").put("content", "");
                }
                int length = minLength + rnd.nextInt(maxLength - minLength + 1);
                script.addObject().put("role", "user").put("content", rt.ofLength(rnd, length));
            }
            return Prompt.ofMessages(script);
        });
        String what = "random_multi_turn: " + minTurns + (minTurns == maxTurns ? "" : "-" + maxTurns) + " turns of "
                + minLength + (minLength == maxLength ? "" : "-" + maxLength) + " " + unit + " each, seed " + ctx.seed()
                + (rt.tokenized() ? "" : "; no --tokenizer-path: lengths are characters");
        return Dataset.freshPerRun(what, conversations);
    }

    /** One JSON line of custom_multi_turn: a messages array, or an object holding one. */
    static Prompt customLine(String line) throws com.fasterxml.jackson.core.JsonProcessingException {
        JsonNode node = JSON.readTree(line);
        JsonNode messages = node.isArray() ? node : node.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of messages ([{\"role\": \"user\", \"content\":"
                    + " \"...\"}, ...]) or {\"messages\": [...]}");
        }
        ArrayNode script = NODES.arrayNode();
        for (JsonNode m : messages) {
            if (!m.isObject() || !m.path("role").isTextual() || !m.has("content")) {
                throw new IllegalArgumentException("each message needs a \"role\" and a \"content\"");
            }
            script.add(m);
        }
        return hasUserTurn(script) ? Prompt.ofMessages(script) : null;
    }

    /** One ShareGPT conversation, whole: every user turn kept (assistant text is replaced at run time). */
    static Prompt shareGpt(JsonNode record) {
        ArrayNode script = NODES.arrayNode();
        JsonNode swift = record.get("conversation");
        if (swift != null && swift.isArray()) {
            for (JsonNode pair : swift) {
                String human = pair.path("human").asText("").strip();
                if (!human.isEmpty()) {
                    if (!script.isEmpty()) {
                        script.addObject().put("role", "assistant").put("content", pair.path("assistant").asText(""));
                    }
                    script.addObject().put("role", "user").put("content", human);
                }
            }
            return hasUserTurn(script) ? Prompt.ofMessages(script) : null;
        }
        return ShareGptDataset.conversation(record);
    }

    private static boolean hasUserTurn(ArrayNode script) {
        for (JsonNode m : script) {
            if ("user".equals(m.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Length bounds, when given, are checked on each conversation's first turn. */
    private static List<Prompt> firstTurnWithinLengths(DatasetContext ctx, List<Prompt> conversations, Path file) {
        Arguments a = ctx.args();
        if (a.minPromptLength() <= 0 && a.maxPromptLength() == Defaults.MAX_PROMPT_LENGTH) {
            return conversations;
        }
        List<Prompt> firstTurns = new ArrayList<>(conversations.size());
        for (Prompt c : conversations) {
            ArrayNode first = NODES.arrayNode();
            Conversations.turns(c).get(0).messages().forEach(first::add);
            firstTurns.add(Prompt.ofMessages(first));
        }
        List<Prompt> kept = Datasets.withinLengths(ctx, firstTurns, file);
        List<Prompt> out = new ArrayList<>();
        // withinLengths keeps the order and each kept prompt's messages array (it may note a length).
        int k = 0;
        for (int i = 0; i < firstTurns.size() && k < kept.size(); i++) {
            if (kept.get(k).messages() == firstTurns.get(i).messages()) {
                out.add(conversations.get(i));
                k++;
            }
        }
        return out;
    }
}
