package dev.barrage.servermetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which well-known metric names of vLLM, SGLang, TGI and llama.cpp mean which common concept
 * (running requests, KV-cache usage, server-side TTFT...), read from the data file
 * {@code engine-metrics.json} beside this class: adding an engine or a renamed metric is an edit
 * of that file, not of code. Immutable and thread-safe.
 */
public final class EngineMapping {
    /** A concept of the mapping. @param across how several series of one metric combine: sum or mean */
    public record Concept(String name, String kind, String unit, String across, String description) {
        public boolean gauge() {
            return kind.equals("gauge");
        }

        public boolean counter() {
            return kind.equals("counter");
        }

        public boolean histogram() {
            return kind.equals("histogram");
        }
    }

    /**
     * One engine's names. @param metrics metric name to concept, in order of preference
     * @param promptTokensExcludeCached the prompt token counter leaves out prefix-cache hits
     */
    public record Engine(String name, String prefix, Map<String, String> metrics, boolean promptTokensExcludeCached) {
        /** The names of {@code concept}, preferred first. */
        public List<String> namesOf(String concept) {
            List<String> names = new ArrayList<>();
            metrics.forEach((metric, c) -> {
                if (c.equals(concept)) {
                    names.add(metric);
                }
            });
            return names;
        }
    }

    private static final EngineMapping BUILT_IN = load();

    private final Map<String, Concept> concepts;
    private final List<Engine> engines;

    private EngineMapping(Map<String, Concept> concepts, List<Engine> engines) {
        this.concepts = concepts;
        this.engines = engines;
    }

    public static EngineMapping builtIn() {
        return BUILT_IN;
    }

    /** Concepts by name, in the data file's order. */
    public Map<String, Concept> concepts() {
        return concepts;
    }

    public List<Engine> engines() {
        return engines;
    }

    /** The engine most of {@code sampleNames} belong to by their prefix, or {@code null} when none does. */
    public Engine detect(Collection<String> sampleNames) {
        Engine best = null;
        long bestCount = 0;
        for (Engine engine : engines) {
            long count = sampleNames.stream().filter(n -> n.startsWith(engine.prefix())).count();
            if (count > bestCount) {
                best = engine;
                bestCount = count;
            }
        }
        return best;
    }

    private static EngineMapping load() {
        try (InputStream in = EngineMapping.class.getResourceAsStream("engine-metrics.json")) {
            if (in == null) {
                throw new IllegalStateException("engine-metrics.json is missing from the class path");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Concept> concepts = new LinkedHashMap<>();
            root.path("concepts").properties().forEach(e -> concepts.put(e.getKey(), new Concept(e.getKey(),
                    e.getValue().path("kind").asText(), e.getValue().path("unit").asText(),
                    e.getValue().path("across").asText("sum"), e.getValue().path("description").asText())));
            List<Engine> engines = new ArrayList<>();
            for (JsonNode e : root.path("engines")) {
                Map<String, String> metrics = new LinkedHashMap<>();
                for (JsonNode pair : e.path("metrics")) {
                    String concept = pair.get(1).asText();
                    if (!concepts.containsKey(concept)) {
                        throw new IllegalStateException("engine-metrics.json: unknown concept " + concept);
                    }
                    metrics.put(pair.get(0).asText(), concept);
                }
                engines.add(new Engine(e.path("engine").asText(), e.path("prefix").asText(),
                        java.util.Collections.unmodifiableMap(metrics),
                        e.path("prompt_tokens_exclude_cached").asBoolean(false)));
            }
            return new EngineMapping(java.util.Collections.unmodifiableMap(concepts), List.copyOf(engines));
        } catch (IOException e) {
            throw new UncheckedIOException("engine-metrics.json cannot be read", e);
        }
    }
}
