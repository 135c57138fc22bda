package dev.barrage.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.barrage.BarrageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One step folder of a finished (or interrupted) sweep, as found on disk: where it is, the load
 * it ran at, and its {@code benchmark_args.json} (already masked by {@code perf}).
 *
 * <p>The load comes from {@code benchmark_args.json} when present, else from the folder's name
 * ({@code parallel_<P>_number_<N>}), so a folder holding only its database can still be read.
 *
 * @param dir      the step folder
 * @param parallel the run's concurrency
 * @param number   the requests the run planned
 * @param rate     the configured request rate in req/s, or −1 for a closed loop
 * @param args     the run's masked arguments, or a missing node
 */
public record StepFolder(Path dir, int parallel, int number, double rate, JsonNode args) {
    /** parallel_P_number_N, parallel_P_rate_R_number_N, rate_R_number_N; a repeated step adds _2, _3 ... */
    private static final Pattern NAME = Pattern.compile(
            "(?:parallel_(\\d+))?_?(?:rate_([0-9.]+))?_number_(\\d+)(?:_\\d+)?");

    /** True for a folder holding a result database. */
    public static boolean isStepFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(ResultStore.FILE_NAME));
    }

    /** The step folders directly inside a sweep root, in name order (callers re-sort by start time). */
    public static List<StepFolder> listIn(Path root) {
        List<StepFolder> steps = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.sorted(Comparator.comparing(Path::toString)).toList()) {
                if (Files.isDirectory(child) && isStepFolder(child)) {
                    steps.add(open(child));
                }
            }
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot list '" + root + "': " + e.getMessage() + ".");
        }
        return steps;
    }

    /** Reads one step folder's load and arguments. */
    public static StepFolder open(Path dir) {
        JsonNode args = MissingNode.getInstance();
        Path argsFile = dir.resolve("benchmark_args.json");
        if (Files.isRegularFile(argsFile)) {
            try {
                args = JsonFiles.mapper().readTree(argsFile.toFile());
            } catch (IOException e) {
                throw BarrageException.invalidInput("Cannot read '" + argsFile + "': " + e.getMessage() + ".");
            }
        }
        Matcher m = NAME.matcher(dir.getFileName().toString());
        boolean named = m.matches();
        int parallel = args.path("parallel").asInt(named && m.group(1) != null ? Integer.parseInt(m.group(1)) : -1);
        int number = args.path("number").asInt(named ? Integer.parseInt(m.group(3)) : 0);
        double rate = args.path("rate").isNumber() && args.path("rate").asDouble() > 0 ? args.path("rate").asDouble()
                : named && m.group(2) != null ? Double.parseDouble(m.group(2)) : -1;
        if (parallel <= 0 && rate <= 0) {
            throw BarrageException.invalidInput("Cannot tell the load of '" + dir + "': no benchmark_args.json and"
                    + " the folder is not named parallel_<P>_number_<N>.");
        }
        return new StepFolder(dir, parallel, number, rate, args);
    }

    public Path database() {
        return dir.resolve(ResultStore.FILE_NAME);
    }

    /** A masked argument as text, or {@code fallback} when absent or null. */
    public String arg(String key, String fallback) {
        JsonNode v = args.path(key);
        return v.isMissingNode() || v.isNull() ? fallback : v.isTextual() ? v.asText() : v.toString();
    }
}
