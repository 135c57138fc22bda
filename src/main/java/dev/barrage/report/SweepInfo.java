package dev.barrage.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.config.Arguments;
import dev.barrage.store.StepFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sweep was asked to do, for report headers: from the live {@link Arguments} during
 * {@code perf}, or from a step folder's masked {@code benchmark_args.json} when rebuilding.
 * Holds no secret.
 *
 * @param root    the sweep root
 * @param model   the model name
 * @param target  the URL, or "built-in simulator"
 * @param dataset the dataset name, "builtin" or "--prompt"
 * @param stream  whether replies were streamed
 * @param thresholds the {@code --threshold} rules, re-checked when a report is rebuilt
 */
public record SweepInfo(Path root, String model, String target, String dataset, boolean stream,
        List<String> thresholds) {
    public SweepInfo {
        thresholds = List.copyOf(thresholds);
    }

    static final String SIMULATOR = "built-in simulator";

    public static SweepInfo of(Arguments args, Path root) {
        return new SweepInfo(root, String.valueOf(args.model()), args.embedded() ? SIMULATOR : Arguments.maskUrl(args.url()),
                args.prompt() != null ? "--prompt" : args.dataset() == null ? "builtin" : args.dataset(), args.stream(),
                args.thresholds());
    }

    /** From the masked arguments of one of the sweep's step folders. */
    public static SweepInfo of(StepFolder step, Path root) {
        String prompt = step.arg("prompt", null);
        return new SweepInfo(root, step.arg("model", "?"), step.arg("url", SIMULATOR),
                prompt != null ? "--prompt" : step.arg("dataset", "builtin"),
                !"false".equals(step.arg("stream", "true")), texts(step.args().path("thresholds")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The sweep folder's name, e.g. {@code Qwen2.5-0.5B-Instruct}, with its timestamp folder. */
    public String title() {
        Path parent = root.getParent();
        return (parent != null && parent.getFileName() != null ? parent.getFileName() + "/" : "") + root.getFileName();
    }
}
