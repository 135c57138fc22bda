package dev.barrage.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.views.MetricView;
import dev.barrage.metrics.views.MetricViews;
import dev.barrage.metrics.views.ViewFigures;
import dev.barrage.metrics.views.ViewResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code benchmark_summary_<view>.json} in a step folder: one metric view of the run
 * ({@code --metric-view}), computed from the folder's {@code benchmark_data.db}, so {@code perf}
 * and {@code barrage report} write the same numbers. Single-threaded, main or collector thread.
 */
public final class ViewFiles {
    private ViewFiles() {
    }

    /** One view as a file holds it: what the side-by-side tables show. */
    public record Stored(String view, String tool, ViewFigures figures) {
    }

    public static String fileName(String view) {
        return "benchmark_summary_" + view + ".json";
    }

    /**
     * Reads the step folder's database and writes one file per view. Exit code 2 (a
     * {@link dev.barrage.BarrageException}) when the database cannot be read.
     *
     * @return the views, in {@link MetricViews#ALL}'s order
     */
    public static List<ViewResult> write(Path stepDir, List<MetricView> views) {
        if (views.isEmpty()) {
            return List.of();
        }
        List<RequestRecord> records = ResultReader.read(stepDir.resolve(ResultStore.FILE_NAME));
        List<ViewResult> results = new ArrayList<>();
        for (MetricView view : views) {
            ViewResult result = view.compute(records);
            JsonFiles.write(stepDir.resolve(fileName(view.name())), result.toJsonMap());
            results.add(result);
        }
        return results;
    }

    /** The views written in a step folder, in {@link MetricViews#ALL}'s order; a damaged file is left out. */
    public static List<Stored> read(Path stepDir) {
        List<Stored> stored = new ArrayList<>();
        for (String name : MetricViews.names()) {
            Path file = stepDir.resolve(fileName(name));
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                Map<String, Object> json = JsonFiles.mapper().readValue(file.toFile(), new TypeReference<>() { });
                if (json.get("Figures") instanceof Map<?, ?> figures) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> typed = (Map<String, ?>) figures;
                    stored.add(new Stored(name, String.valueOf(json.get("Tool")), ViewFigures.fromJsonMap(typed)));
                }
            } catch (IOException | RuntimeException e) {
                // a damaged view file costs its rows in the tables; `barrage report --metric-view` rewrites it
            }
        }
        return stored;
    }

    /** The views the run asked for, as {@code benchmark_args.json} recorded them ({@code metric_view}); empty if none. */
    public static List<MetricView> requested(StepFolder folder) {
        List<String> names = new ArrayList<>();
        folder.args().path("metric_view").forEach(n -> names.add(n.asText()));
        try {
            return MetricViews.parse(names);
        } catch (IllegalArgumentException e) {
            return List.of(); // written by a newer Barrage with a view this one lacks
        }
    }
}
