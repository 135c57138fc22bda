package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code trie_agentic_coding}, {@code trie_code_qa}, {@code trie_office_work}: replays the agentic
 * traces of applied-compute/trie (re-hosted by evalscope as {@code evalscope/trie-workloads}:
 * {@code agentic_coding_8k.jsonl}, {@code code_qa_8k.jsonl}, {@code office_work_8k.jsonl}) as
 * conversations. Each JSON line describes one trace by lengths only: {@code input_prompt_length},
 * {@code num_turns}, and per turn {@code assistant_response_length}, {@code tool_call_output_length}
 * and {@code tool_call_latency} (seconds), then {@code final_assistant_response_length}.
 *
 * <p>A trace becomes {@code num_turns + 1} turns, as in evalscope: turn 0 is a user prompt of
 * {@code input_prompt_length} tokens capped at {@code assistant_response_length[0]}; turn i is a
 * tool output of {@code tool_call_output_length[i-1]} tokens (sent as a user message), sent
 * {@code tool_call_latency[i-1]} seconds after the previous reply, capped at the next recorded
 * response length (the final one for the last turn). The text is random words of exactly that many
 * tokens with {@code --tokenizer-path}, else of that many characters. Replies only match the
 * recorded lengths when the server honours the cap exactly: add {@code --extra-args '{"ignore_eos": true}'}.
 */
public final class TrieDataset implements DatasetPlugin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public List<String> names() {
        return List.of("trie_agentic_coding", "trie_code_qa", "trie_office_work");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        MultiTurnDataset.requireChat(ctx);
        if (ctx.args().datasetPath() == null) {
            String file = switch (ctx.name()) {
                case "trie_agentic_coding" -> "agentic_coding_8k.jsonl";
                case "trie_code_qa" -> "code_qa_8k.jsonl";
                default -> "office_work_8k.jsonl";
            };
            throw dev.barrage.BarrageException.invalidInput("Missing option '--dataset-path' for --dataset " + ctx.name()
                    + ": give the trace file " + file + " (ModelScope dataset evalscope/trie-workloads, or"
                    + " applied-compute/trie on GitHub), one JSON trace per line.");
        }
        Path file = ctx.requirePath();
        List<Prompt> lines = JsonRecords.readLines(file, line -> Prompt.ofBody(trace(JSON.readTree(line))));
        if (lines.isEmpty()) {
            throw dev.barrage.BarrageException.invalidInput("The trace file '" + file + "' (--dataset-path) has no trace.");
        }
        RandomText rt = new RandomText(ctx.tokenizer(), new PromptLengths(ctx.tokenizer(), false, false), ctx.seed());
        int count = Math.min(lines.size(), Math.max(1, ctx.promptsNeeded()));
        long offset = ctx.args().datasetOffset();
        List<Prompt> conversations = ctx.parallel(count, i -> synthesize(rt,
                lines.get((int) ((offset + i) % lines.size())).body(), offset + i));
        String unit = rt.tokenized() ? "tokens" : "characters (no --tokenizer-path: lengths are characters)";
        return new Dataset(ctx.name() + ": " + lines.size() + " traces, lengths in " + unit, conversations);
    }

    /** Checks one trace line and keeps its lengths; the text is made later, on every core. */
    static ObjectNode trace(JsonNode t) {
        if (!t.isObject()) {
            throw new IllegalArgumentException("expected a JSON object describing one trace");
        }
        int turns = whole(t, "num_turns");
        whole(t, "input_prompt_length");
        whole(t, "final_assistant_response_length");
        for (String list : List.of("assistant_response_length", "tool_call_output_length", "tool_call_latency")) {
            JsonNode v = t.get(list);
            if (v == null || !v.isArray() || v.size() != turns) {
                throw new IllegalArgumentException("\"" + list + "\" should be a list of num_turns (" + turns + ") numbers");
            }
            for (JsonNode n : v) {
                if (!n.isNumber() || n.asDouble() < 0) {
                    throw new IllegalArgumentException("\"" + list + "\" should hold numbers >= 0");
                }
            }
        }
        return (ObjectNode) t;
    }

    private static int whole(JsonNode t, String field) {
        JsonNode v = t.get(field);
        if (v == null || !v.canConvertToInt() || v.asInt() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" should be a whole number >= 0");
        }
        return v.asInt();
    }

    private static Prompt synthesize(RandomText rt, ObjectNode t, long index) {
        SplittableRandom rnd = rt.random(4, index);
        int n = t.get("num_turns").asInt();
        int finalCap = t.get("final_assistant_response_length").asInt();
        List<Conversations.Turn> turns = new ArrayList<>(n + 1);
        turns.add(new Conversations.Turn(List.of(user(rt, rnd, t.get("input_prompt_length").asInt())),
                cap(n > 0 ? t.get("assistant_response_length").get(0).asInt() : finalCap), 0));
        for (int i = 0; i < n; i++) {
            int next = i == n - 1 ? finalCap : t.get("assistant_response_length").get(i + 1).asInt();
            turns.add(new Conversations.Turn(List.of(user(rt, rnd, t.get("tool_call_output_length").get(i).asInt())),
                    cap(next), t.get("tool_call_latency").get(i).asDouble()));
        }
        return Conversations.ofTurns(turns);
    }

    /** A recorded length of 0 still asks for one token: an empty cap means "the default". */
    private static int cap(int recorded) {
        return Math.max(1, recorded);
    }

    private static ObjectNode user(RandomText rt, SplittableRandom rnd, int length) {
        return NODES.objectNode().put("role", "user").put("content", rt.ofLength(rnd, Math.max(1, length)));
    }
}
