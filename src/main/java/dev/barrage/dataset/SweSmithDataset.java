package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code swe_smith}: agentic coding conversations from SWE-smith trajectories, in either of the two
 * forms evalscope reads:
 * <ul>
 *   <li><b>pre-built</b>: a JSON object {@code {"conversations": [[{"messages": [...],
 *       "prompt_tokens": n}, ...], ...]}} (evalscope's {@code agentic_dataset.json}), each turn
 *       holding the messages it adds;</li>
 *   <li><b>trajectories</b>: records of the SWE-bench/SWE-smith-trajectories data set (split
 *       {@code tool}) as JSON lines or a JSON array, each with {@code messages} (a JSON string or an
 *       array). Built as evalscope does: tool messages become user messages, only user messages are
 *       kept, a conversation gets a turn count drawn from [{@code --min-turns}, {@code --max-turns}]
 *       (max defaults to min), its first turn collects messages up to {@code first_turn_length}
 *       tokens and every later turn {@code subsequent_turn_length} more ({@code --dataset-args}:
 *       a number or {@code [min, max]}; defaults 65000 and 500), the last message of a turn cut to
 *       fit; trajectories too short for their turns are skipped. Needs {@code --tokenizer-path}.</li>
 * </ul>
 */
public final class SweSmithDataset implements DatasetPlugin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int FIRST_TURN_LENGTH = 65000;
    static final int SUBSEQUENT_TURN_LENGTH = 500;

    @Override
    public List<String> names() {
        return List.of("swe_smith");
    }

    @Override
    public List<String> datasetArgs() {
        return List.of("first_turn_length", "subsequent_turn_length");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        MultiTurnDataset.requireChat(ctx);
        if (ctx.args().datasetPath() == null) {
            throw BarrageException.invalidInput("Missing option '--dataset-path' for --dataset swe_smith: give a"
                    + " pre-built agentic_dataset.json, or SWE-bench/SWE-smith-trajectories (split tool) records as"
                    + " JSON lines with \"messages\" (with --tokenizer-path).");
        }
        Path file = ctx.requirePath();
        JsonNode first = firstValue(file);
        List<Prompt> conversations = first != null && first.has("conversations") ? prebuilt(first, file)
                : fromTrajectories(ctx, file);
        if (conversations.isEmpty()) {
            throw BarrageException.invalidInput("The dataset file '" + file + "' (--dataset-path) gave no conversation"
                    + " (trajectories need enough user messages for their turns: lower --min-turns or the turn lengths).");
        }
        return new Dataset("swe_smith: " + conversations.size() + " conversations", conversations);
    }

    private static JsonNode firstValue(Path file) {
        HeapBudget.requireFits(file);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null; // not one JSON value: JSON lines, read below with line numbers
        }
    }

    private static List<Prompt> prebuilt(JsonNode root, Path file) {
        JsonNode all = root.get("conversations");
        if (!all.isArray()) {
            throw BarrageException.invalidInput("'" + file + "' (--dataset-path): \"conversations\" should be a list.");
        }
        List<Prompt> out = new ArrayList<>();
        int c = 0;
        for (JsonNode conversation : all) {
            c++;
            List<Conversations.Turn> turns = new ArrayList<>();
            for (JsonNode turn : conversation) {
                List<ObjectNode> messages = new ArrayList<>();
                for (JsonNode m : turn.path("messages")) {
                    if (!m.isObject() || !m.path("role").isTextual()) {
                        throw BarrageException.invalidInput("'" + file + "' (--dataset-path): conversation " + c
                                + " has a message without a \"role\".");
                    }
                    messages.add((ObjectNode) m);
                }
                if (!messages.isEmpty()) {
                    turns.add(new Conversations.Turn(messages, -1, 0));
                }
            }
            if (!turns.isEmpty()) {
                out.add(Conversations.ofTurns(turns));
            }
        }
        return out;
    }

    private static List<Prompt> fromTrajectories(DatasetContext ctx, Path file) {
        Tokenizer tokenizer = ctx.tokenizer();
        if (tokenizer == null) {
            throw BarrageException.invalidInput("--dataset swe_smith builds conversations from trajectories by token"
                    + " counts: give --tokenizer-path (or a pre-built agentic_dataset.json).");
        }
        List<Prompt> trajectories = JsonRecords.read(file, SweSmithDataset::userMessages);
        Arguments a = ctx.args();
        int minTurns = a.minTurns();
        int maxTurns = a.maxTurns() != null ? a.maxTurns() : minTurns;
        int[] firstRange = range(ctx, "first_turn_length", FIRST_TURN_LENGTH);
        int[] laterRange = range(ctx, "subsequent_turn_length", SUBSEQUENT_TURN_LENGTH);
        int needed = Math.max(1, ctx.promptsNeeded());
        List<Prompt> out = new ArrayList<>();
        long offset = a.datasetOffset();
        for (int from = 0; from < trajectories.size() && out.size() < needed; from += needed) {
            int start = from;
            int count = Math.min(needed, trajectories.size() - from);
            List<Prompt> built = ctx.parallel(count, i -> {
                int k = start + i;
                SplittableRandom rnd = new SplittableRandom(ctx.seed() ^ (0x9E3779B97F4A7C15L * (k + offset + 1)));
                int turns = minTurns + rnd.nextInt(maxTurns - minTurns + 1);
                Prompt trajectory = trajectories.get((int) ((k + offset) % trajectories.size()));
                return build(trajectory.body(), tokenizer, draw(rnd, firstRange), draw(rnd, laterRange), turns);
            });
            for (Prompt p : built) {
                if (p != null && out.size() < needed) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** One trajectory record's user messages (tool output counted as user), as {"messages": [...]}. */
    static Prompt userMessages(JsonNode record) {
        JsonNode messages = record.get("messages");
        if (messages != null && messages.isTextual()) {
            try {
                messages = JSON.readTree(messages.asText());
            } catch (IOException e) {
                throw new IllegalArgumentException("\"messages\" is a string that is not JSON");
            }
        }
        if (messages == null || !messages.isArray()) {
            throw new IllegalArgumentException("expected a record with \"messages\" (a list, or a JSON string of one)");
        }
        ObjectNode body = NODES.objectNode();
        var users = body.putArray("messages");
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            String content = text(m.get("content"));
            if (content.isEmpty() || !(role.equals("user") || role.equals("tool"))) {
                continue;
            }
            users.addObject().put("role", "user").put("content", content);
        }
        return Prompt.ofBody(body);
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.isTextual()) {
                parts.add(part.asText());
            } else if ("text".equals(part.path("type").asText())) {
                parts.add(part.path("text").asText(""));
            }
        }
        return String.join("\n", parts);
    }

    /**
     * evalscope's construction: turn 1 gathers user messages until {@code firstLength} tokens,
     * each later turn {@code laterLength} more; a message that overflows is cut to the remaining
     * tokens. {@code null} when the trajectory runs out first.
     */
    static Prompt build(ObjectNode trajectory, Tokenizer tokenizer, int firstLength, int laterLength, int turns) {
        List<JsonNode> users = new ArrayList<>();
        trajectory.path("messages").forEach(users::add);
        List<Conversations.Turn> out = new ArrayList<>(turns);
        int next = 0;
        for (int t = 0; t < turns; t++) {
            if (next >= users.size()) {
                return null;
            }
            int budget = t == 0 ? firstLength : laterLength;
            List<ObjectNode> delta = new ArrayList<>();
            int used = 0;
            while (next < users.size()) {
                String content = users.get(next).path("content").asText();
                int[] ids = tokenizer.encode(content);
                if (used + ids.length <= budget) {
                    delta.add(NODES.objectNode().put("role", "user").put("content", content));
                    used += ids.length;
                    next++;
                } else {
                    int remaining = budget - used;
                    if (remaining > 0) {
                        delta.add(NODES.objectNode().put("role", "user")
                                .put("content", tokenizer.decode(Arrays.copyOf(ids, remaining))));
                        next++;
                    }
                    break;
                }
            }
            if (delta.isEmpty()) {
                return null;
            }
            out.add(new Conversations.Turn(delta, -1, 0));
        }
        return Conversations.ofTurns(out);
    }

    private static int[] range(DatasetContext ctx, String key, int absent) {
        Object v = ctx.args().datasetArgs().get(key);
        if (v == null) {
            return new int[] {absent, absent};
        }
        if (v instanceof Number) {
            int n = ctx.intArg(key, absent, 1);
            return new int[] {n, n};
        }
        if (v instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Number lo
                && list.get(1) instanceof Number hi && lo.intValue() >= 1 && hi.intValue() >= lo.intValue()) {
            return new int[] {lo.intValue(), hi.intValue()};
        }
        throw BarrageException.invalidInput("Invalid value '" + v + "' for '" + key + "' in option '--dataset-args':"
                + " should be a number of tokens >= 1, or [min, max].");
    }

    private static int draw(SplittableRandom rnd, int[] range) {
        return range[0] + rnd.nextInt(range[1] - range[0] + 1);
    }
}
