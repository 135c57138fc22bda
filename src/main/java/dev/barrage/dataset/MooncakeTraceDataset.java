package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code mooncake_trace}: replays a trace in the Mooncake format (kvcache-ai/Mooncake's
 * {@code mooncake_trace.jsonl}, the FAST'25 traces; also read by AIPerf, SGLang's bench_serving and
 * Dynamo): JSON lines {@code {"timestamp": ms, "input_length": n, "output_length": m,
 * "hash_ids": [...]}}, or {@code "text_input"} instead of a length. Each record is sent at its
 * timestamp ÷ {@code speed}, open loop, like {@code workload_trace}.
 *
 * <p>Prompts keep the trace's prefix sharing: each hash id stands for a block of
 * {@code block_size} (512) tokens of random words drawn from that id alone, so two records sharing
 * leading hash ids share that many leading blocks of text, exactly as a prefix cache sees them; the
 * last block is cut to make {@code input_length}, and tokens beyond the blocks are the record's
 * own. With {@code --tokenizer-path} a block is that many tokens (the text alone: a chat template
 * adds its own); without one, that many characters. Each reply is capped at {@code output_length}
 * ({@code max_tokens}) with {@code ignore_eos} (a {@code --dataset-args} switch, on by default) so
 * the server generates what the trace recorded. Bodies are made when sent, not held: a full trace of
 * tens of thousands of long prompts needs no memory for its text.
 */
public final class MooncakeTraceDataset implements DatasetPlugin {
    static final String NAME = "mooncake_trace";
    private static final int BLOCK_SIZE = 512;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public List<String> names() {
        return List.of(NAME);
    }

    @Override
    public List<String> datasetArgs() {
        return List.of("speed", "block_size", "ignore_eos");
    }

    /** One record, as read. */
    private record Entry(double millis, int inputLength, int outputLength, int[] hashIds, String textInput) {
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        if (ctx.args().datasetPath() == null) {
            throw BarrageException.invalidInput("Missing option '--dataset-path' for --dataset mooncake_trace: give a"
                    + " Mooncake trace (JSON lines with timestamp, input_length, output_length, hash_ids), e.g."
                    + " mooncake_trace.jsonl from github.com/kvcache-ai/Mooncake.");
        }
        double speed = ctx.doubleArg("speed", 1.0);
        int blockSize = ctx.intArg("block_size", BLOCK_SIZE, 1);
        Object ignoreEos = ctx.args().datasetArgs().getOrDefault("ignore_eos", true);
        if (!(ignoreEos instanceof Boolean)) {
            throw BarrageException.invalidInput("Invalid value '" + ignoreEos + "' for 'ignore_eos' in option"
                    + " '--dataset-args': should be true or false.");
        }
        Path file = ctx.requirePath();
        List<Entry> entries = new ArrayList<>();
        JsonRecords.readLines(file, line -> {
            entries.add(entry(JSON.readTree(line)));
            return null;
        });
        if (entries.isEmpty()) {
            throw BarrageException.invalidInput("The trace file '" + file + "' (--dataset-path) has no records.");
        }
        List<String> notes = new ArrayList<>();
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).millis() < entries.get(i - 1).millis()) {
                notes.add("The trace's timestamps are not in order (record " + (i + 1) + " is earlier than record " + i
                        + "): records are replayed in time order.");
                entries.sort(Comparator.comparingDouble(Entry::millis)); // stable: ties keep file order
                break;
            }
        }
        int kept = WorkloadTraceDataset.needed(ctx.args(), entries.size());
        long[] offsets = new long[kept];
        double t0 = entries.get(0).millis();
        for (int i = 0; i < kept; i++) {
            offsets[i] = Math.round((entries.get(i).millis() - t0) * 1e6);
        }
        RandomText rt = new RandomText(ctx.tokenizer(), new PromptLengths(ctx.tokenizer(), false, false), ctx.seed());
        if (!rt.tokenized()) {
            notes.add("No --tokenizer-path: the trace's token lengths are sent as that many characters.");
        }
        Synthesizer synth = new Synthesizer(rt, blockSize, ctx.chat(), (Boolean) ignoreEos, List.copyOf(entries));
        Trace trace = new Trace(offsets, null, null, speed, ctx.args().model() == null ? List.of()
                : List.of(ctx.args().model()), notes);
        return Dataset.ofTrace(NAME, new OnDemandPrompts(kept, synth::prompt), trace);
    }

    /** Checks one line; the error names the first thing wrong. */
    static Entry entry(JsonNode r) {
        if (!r.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with timestamp, input_length, output_length");
        }
        JsonNode ts = r.get("timestamp");
        if (ts == null || !ts.isNumber() || ts.asDouble() < 0) {
            throw new IllegalArgumentException("\"timestamp\" should be a number of milliseconds >= 0");
        }
        JsonNode text = r.get("text_input");
        int input = whole(r, "input_length", text != null && text.isTextual());
        int output = whole(r, "output_length", false);
        int[] hashes = null;
        JsonNode ids = r.get("hash_ids");
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw new IllegalArgumentException("\"hash_ids\" should be a list of whole numbers");
            }
            hashes = new int[ids.size()];
            for (int i = 0; i < hashes.length; i++) {
                if (!ids.get(i).canConvertToInt()) {
                    throw new IllegalArgumentException("\"hash_ids\" should be a list of whole numbers");
                }
                hashes[i] = ids.get(i).asInt();
            }
        }
        return new Entry(ts.asDouble(), input, output, hashes, text != null && text.isTextual() ? text.asText() : null);
    }

    private static int whole(JsonNode r, String field, boolean optional) {
        JsonNode v = r.get(field);
        if (v == null && optional) {
            return -1;
        }
        if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException("\"" + field + "\" should be a whole number >= 1");
        }
        return v.asInt();
    }

    /** Makes record {@code i}'s body; a pure function of {@code i}, safe on any thread. */
    private record Synthesizer(RandomText rt, int blockSize, boolean chat, boolean ignoreEos, List<Entry> entries) {
        Prompt prompt(int i) {
            Entry e = entries.get(i);
            String text = e.textInput() != null ? e.textInput() : text(i, e);
            ObjectNode body = NODES.objectNode();
            if (chat) {
                body.putArray("messages").addObject().put("role", "user").put("content", text);
            } else {
                body.put("prompt", text);
            }
            body.put("max_tokens", e.outputLength());
            if (ignoreEos) {
                body.put("ignore_eos", true);
            }
            return Prompt.ofBody(body);
        }

        /** The blocks of the record's hash ids, the last one cut, then the record's own tokens. */
        private String text(int i, Entry e) {
            StringBuilder text = new StringBuilder(e.inputLength() * 6);
            int remaining = e.inputLength();
            int[] hashes = e.hashIds() == null ? new int[0] : e.hashIds();
            for (int b = 0; b < hashes.length && remaining > 0; b++) {
                int n = Math.min(blockSize, remaining);
                text.append(words(rt.random(7, Integer.toUnsignedLong(hashes[b])), n));
                remaining -= n;
            }
            if (remaining > 0) {
                text.append(words(rt.random(8, i), remaining));
            }
            return text.toString();
        }

        /** {@code n} tokens (characters without a tokenizer); a shorter draw is a prefix of a longer one. */
        private String words(SplittableRandom rnd, int n) {
            return rt.tokenized() ? rt.text(rt.draw(rnd, n)) : rt.characters(rnd, n);
        }
    }
}
