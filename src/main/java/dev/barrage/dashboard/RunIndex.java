package dev.barrage.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.ResultStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sweeps under an outputs folder: every folder that holds step folders with a
 * {@code benchmark_data.db} (at most {@value #MAX_DEPTH} levels down, which covers
 * {@code <outputs>/<timestamp>/<name>/parallel_P_number_N/}). Listing reads the small JSON files
 * only; the databases are opened when a report is asked for.
 */
final class RunIndex {
    static final int MAX_DEPTH = 4;

    /**
     * One sweep as the list shows it.
     *
     * @param id      its path relative to the outputs folder, with '/' (the only handle the UI accepts)
     * @param root    the sweep root
     * @param steps   its step folders' summaries, in the order they ran
     * @param args    the masked arguments of its first step
     */
    record Entry(String id, Path root, List<JsonNode> steps, JsonNode args) {
        String model() {
            return args.path("model").asText("?");
        }

        String target() {
            JsonNode url = args.path("url");
            return url.isTextual() ? url.asText() : "built-in simulator";
        }

        double peak(String key) {
            return steps.stream().mapToDouble(s -> s.path(key).asDouble(0)).max().orElse(0);
        }

        String loads() {
            return String.join(" ", steps.stream().map(s -> s.path("Concurrency").asText("?")).toList());
        }
    }

    private final Path outputs;

    RunIndex(Path outputs) {
        this.outputs = outputs.toAbsolutePath().normalize();
    }

    Path outputs() {
        return outputs;
    }

    /** Every sweep, newest first. */
    List<Entry> scan() {
        Map<Path, List<Path>> steps = new LinkedHashMap<>();
        if (!Files.isDirectory(outputs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(outputs, MAX_DEPTH)) {
            files.filter(p -> p.getFileName().toString().equals(ResultStore.FILE_NAME))
                    .map(Path::getParent)
                    .forEach(step -> steps.computeIfAbsent(step.getParent(), k -> new ArrayList<>()).add(step));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + outputs, e);
        }
        List<Entry> entries = new ArrayList<>();
        steps.forEach((root, dirs) -> entries.add(entry(root, dirs)));
        entries.sort(Comparator.comparing(Entry::id).reversed());
        return entries;
    }

    /** The sweep with this id, if the index has it (ids from anywhere else are refused). */
    Optional<Entry> find(String id) {
        return id == null ? Optional.empty() : scan().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    private Entry entry(Path root, List<Path> dirs) {
        List<JsonNode> summaries = new ArrayList<>();
        JsonNode args = read(dirs.get(0).resolve("benchmark_args.json"));
        for (Path dir : dirs) {
            summaries.add(read(dir.resolve("benchmark_summary.json")));
        }
        summaries.sort(Comparator.comparing(s -> s.path("Started At").asText("")));
        String id = outputs.relativize(root).toString().replace('\\', '/');
        return new Entry(id.isEmpty() ? "." : id, root, summaries, args);
    }

    private static JsonNode read(Path file) {
        try {
            return Files.isRegularFile(file) ? JsonFiles.mapper().readTree(file.toFile())
                    : JsonFiles.mapper().createObjectNode();
        } catch (IOException e) {
            return JsonFiles.mapper().createObjectNode();
        }
    }
}
