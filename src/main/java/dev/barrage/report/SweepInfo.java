package dev.barrage.report;

import dev.barrage.config.Arguments;
import dev.barrage.store.StepFolder;

import java.nio.file.Path;

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
 */
public record SweepInfo(Path root, String model, String target, String dataset, boolean stream) {
    static final String SIMULATOR = "built-in simulator";

    public static SweepInfo of(Arguments args, Path root) {
        return new SweepInfo(root, String.valueOf(args.model()), args.embedded() ? SIMULATOR : args.url(),
                args.prompt() != null ? "--prompt" : args.dataset() == null ? "builtin" : args.dataset(), args.stream());
    }

    /** From the masked arguments of one of the sweep's step folders. */
    public static SweepInfo of(StepFolder step, Path root) {
        String prompt = step.arg("prompt", null);
        return new SweepInfo(root, step.arg("model", "?"), step.arg("url", SIMULATOR),
                prompt != null ? "--prompt" : step.arg("dataset", "builtin"),
                !"false".equals(step.arg("stream", "true")));
    }

    /** The sweep folder's name, e.g. {@code Qwen2.5-0.5B-Instruct}, with its timestamp folder. */
    public String title() {
        Path parent = root.getParent();
        return (parent != null && parent.getFileName() != null ? parent.getFileName() + "/" : "") + root.getFileName();
    }
}
