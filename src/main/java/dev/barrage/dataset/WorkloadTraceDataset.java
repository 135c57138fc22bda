package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code workload_trace}: replays recorded traffic from {@code --dataset-path}, JSON lines in
 * evalscope's record shape (see {@link TraceLines}). Records are replayed in time order, each at
 * its offset from the first record divided by {@code speed}; the load side reads those times from
 * the dataset's {@link Trace}.
 *
 * <p>{@code --dataset-args} (evalscope's keys, plus {@code timestamp_unit}):
 * <ul>
 *   <li>{@code speed} (1): replay this many times faster (0.5 = half as fast);</li>
 *   <li>{@code model_mapping} ({@code {"recorded": "sent"}}) and {@code model_override}: a body
 *       whose model the mapping names gets the mapped one, else every body gets the override;
 *       without either, bodies keep their model ({@code --model} only fills bodies without one);</li>
 *   <li>{@code match_output_length} (false): {@code max_tokens} (and a {@code max_completion_tokens}
 *       the body has) become the record's {@code completion_tokens}, and {@code ignore_eos: true}
 *       is set, except on bodies with constrained decoding (a JSON {@code response_format}, a forced
 *       {@code tool_choice}, vLLM's guided decoding), where forcing past EOS breaks the grammar.
 *       Without it, {@code completion_tokens} only fills {@code max_tokens} in bodies that set no
 *       limit of their own;</li>
 *   <li>{@code timestamp_unit} ({@code s}): what a numeric timestamp counts: s, ms, us or ns.</li>
 * </ul>
 * Only the records some run replays are kept (see {@link Trace#measured}), as prompts holding
 * their finished bodies.
 */
public final class WorkloadTraceDataset implements DatasetPlugin {
    static final String NAME = "workload_trace";
    private static final Map<String, Double> UNITS = Map.of("s", 1.0, "ms", 1e-3, "us", 1e-6, "ns", 1e-9);
    private static final Set<String> GUIDED = Set.of("guided_json", "guided_regex", "guided_choice", "guided_grammar",
            "structured_outputs");

    @Override
    public List<String> names() {
        return List.of(NAME);
    }

    @Override
    public List<String> datasetArgs() {
        return List.of("speed", "model_override", "model_mapping", "match_output_length", "timestamp_unit");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        Settings settings = Settings.of(ctx);
        Path file = ctx.requirePath();
        TraceLines lines = new TraceLines(settings.secondsPerUnit());
        JsonRecords.readLines(file, lines::add);
        List<TraceLines.Entry> entries = lines.entries();
        if (entries.isEmpty()) {
            throw BarrageException.invalidInput("The trace file '" + file + "' (--dataset-path) has no records.");
        }
        List<String> notes = new ArrayList<>();
        int late = firstOutOfOrder(entries);
        if (late > 0) {
            notes.add("The trace's timestamps are not in order (record " + (late + 1) + " is earlier than record "
                    + late + "): records are replayed in time order.");
            entries.sort(Comparator.comparingDouble(TraceLines.Entry::seconds)); // stable: ties keep file order
        }
        List<TraceLines.Entry> kept = entries.subList(0, needed(ctx.args(), entries.size()));
        if (!lines.ignoredHeaders().isEmpty()) {
            notes.add("Ignored recorded header(s) " + String.join(", ", lines.ignoredHeaders()) + " on "
                    + lines.recordsWithIgnoredHeaders() + " record(s): Barrage sets them itself.");
        }
        return build(kept, settings, ctx.args(), notes);
    }

    /** Index of the first entry earlier than the one before it, or -1. */
    private static int firstOutOfOrder(List<TraceLines.Entry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).seconds() < entries.get(i - 1).seconds()) {
                return i;
            }
        }
        return -1;
    }

    /** The most records any run of the sweep replays (warm-up included). */
    static int needed(Arguments args, int size) {
        int keep = 1;
        for (int number : args.number()) {
            int measured = Trace.measured(args, number, size);
            keep = Math.max(keep, measured + args.warmupCount(measured));
        }
        return Math.min(keep, size);
    }

    private static Dataset build(List<TraceLines.Entry> kept, Settings settings, Arguments args, List<String> notes) {
        int n = kept.size();
        double t0 = kept.get(0).seconds();
        long[] offsets = new long[n];
        String[][] headers = null;
        String[] ids = null;
        List<Prompt> prompts = new ArrayList<>(n);
        Set<String> models = new LinkedHashSet<>();
        int constrained = 0;
        int withoutTokens = 0;
        for (int i = 0; i < n; i++) {
            TraceLines.Entry e = kept.get(i);
            offsets[i] = Math.round((e.seconds() - t0) * 1e9);
            if (e.headers() != null) {
                headers = headers != null ? headers : new String[n][];
                headers[i] = e.headers();
            }
            if (e.requestId() != null) {
                ids = ids != null ? ids : new String[n];
                ids[i] = e.requestId();
            }
            ObjectNode body = e.body();
            settings.remapModel(body);
            if (e.completionTokens() > 0) {
                constrained += settings.limitOutput(body, e.completionTokens()) ? 0 : 1;
            } else {
                withoutTokens++;
            }
            JsonNode model = body.get("model");
            if (model != null && model.isTextual()) {
                models.add(model.asText());
            }
            prompts.add(Prompt.ofBody(body));
        }
        if (settings.matchOutputLength() && constrained > 0) {
            notes.add("ignore_eos was not set on " + constrained + " record(s) with constrained decoding"
                    + " (response_format, a forced tool_choice or guided decoding); their max_tokens still is.");
        }
        if (settings.matchOutputLength() && withoutTokens > 0) {
            notes.add("match_output_length: " + withoutTokens + " record(s) have no completion_tokens and keep their"
                    + " own output limit.");
        }
        modelNote(args, settings, models).ifPresent(notes::add);
        return Dataset.ofTrace(NAME, prompts, new Trace(offsets, headers, ids, settings.speed(),
                new ArrayList<>(models), notes));
    }

    /** evalscope's rule: --model does not rewrite recorded models; say so when they differ. */
    private static Optional<String> modelNote(Arguments args, Settings settings, Set<String> models) {
        if (args.model() == null || args.embedded() || settings.rewritesModels() || models.isEmpty()
                || models.size() == 1 && models.contains(args.model())) {
            return Optional.empty();
        }
        String named = models.iterator().next() + (models.size() > 1 ? " (and " + (models.size() - 1) + " more)" : "");
        return Optional.of("--model " + args.model() + " does not rewrite the trace's bodies, which name "
                + named + "; to send " + args.model() + " instead, add --dataset-args '{\"model_override\": \""
                + args.model() + "\"}' (or a model_mapping).");
    }

    /** The dataset's {@code --dataset-args}, checked. */
    record Settings(double speed, String modelOverride, Map<String, String> modelMapping, boolean matchOutputLength,
            double secondsPerUnit) {

        static Settings of(DatasetContext ctx) {
            Map<String, Object> a = ctx.args().datasetArgs();
            Object unit = a.getOrDefault("timestamp_unit", "s");
            if (!(unit instanceof String u) || !UNITS.containsKey(u.toLowerCase(Locale.ROOT))) {
                throw invalid("timestamp_unit", unit, "should be s, ms, us or ns");
            }
            Object override = a.get("model_override");
            if (override != null && !(override instanceof String s && !s.isBlank())) {
                throw invalid("model_override", override, "should be a model name");
            }
            Object match = a.getOrDefault("match_output_length", false);
            if (!(match instanceof Boolean)) {
                throw invalid("match_output_length", match, "should be true or false");
            }
            return new Settings(ctx.doubleArg("speed", 1.0), (String) override, mapping(a.get("model_mapping")),
                    (Boolean) match, UNITS.get(((String) unit).toLowerCase(Locale.ROOT)));
        }

        private static Map<String, String> mapping(Object value) {
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> m)) {
                throw invalid("model_mapping", value, "should be an object of recorded model names to the names to send");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof String to) || to.isBlank()) {
                    throw invalid("model_mapping", value, "the model for '" + e.getKey() + "' should be a name");
                }
                out.put(String.valueOf(e.getKey()), to);
            }
            return out;
        }

        private static BarrageException invalid(String key, Object value, String rule) {
            return BarrageException.invalidInput("Invalid value '" + value + "' for '" + key + "' in option"
                    + " '--dataset-args': " + rule + ".");
        }

        boolean rewritesModels() {
            return modelOverride != null || !modelMapping.isEmpty();
        }

        /** model_mapping for the recorded model if it names it, else model_override, else unchanged. */
        void remapModel(ObjectNode body) {
            JsonNode recorded = body.get("model");
            String mapped = recorded != null && recorded.isTextual() ? modelMapping.get(recorded.asText()) : null;
            if (mapped != null) {
                body.put("model", mapped);
            } else if (modelOverride != null) {
                body.put("model", modelOverride);
            }
        }

        /**
         * Applies the record's {@code completion_tokens}; returns false when match_output_length
         * had to leave {@code ignore_eos} out (constrained decoding).
         */
        boolean limitOutput(ObjectNode body, int completionTokens) {
            if (!matchOutputLength) {
                if (!body.has("max_tokens") && !body.has("max_completion_tokens")) {
                    body.put("max_tokens", completionTokens);
                }
                return true;
            }
            body.put("max_tokens", completionTokens);
            if (body.has("max_completion_tokens")) {
                body.put("max_completion_tokens", completionTokens);
            }
            if (constrained(body)) {
                return false;
            }
            body.put("ignore_eos", true);
            return true;
        }

        /** Grammar-constrained generation, which ignore_eos would force past its end. */
        static boolean constrained(ObjectNode body) {
            String format = body.path("response_format").path("type").asText("");
            if (format.equals("json_object") || format.equals("json_schema")) {
                return true;
            }
            JsonNode tools = body.get("tools");
            JsonNode choice = body.get("tool_choice");
            boolean forced = choice != null && !choice.isNull()
                    && !(choice.isTextual() && (choice.asText().equals("auto") || choice.asText().equals("none")));
            if (tools != null && tools.isArray() && !tools.isEmpty() && forced) {
                return true;
            }
            for (String key : GUIDED) {
                if (body.hasNonNull(key)) {
                    return true;
                }
            }
            return false;
        }
    }
}
