package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.tokenizer.HubFiles;
import dev.barrage.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * What a {@link DatasetPlugin} may use while it builds its prompts: the run's arguments, the
 * tokenizer (if any), how prompts will be sent, how many are needed, the hub for downloads, and
 * helpers for lengths, parallel generation and error messages.
 *
 * @param args          the run's arguments
 * @param name          the {@code --dataset} value this plug-in was chosen by
 * @param tokenizer     {@code --tokenizer-path}, or {@code null}
 * @param chat          requests go to a chat endpoint (messages) rather than completions (prompt)
 * @param promptsNeeded distinct prompts a generated dataset makes: what all runs of the sweep ask
 *                      for together, warm-up included (each run gets fresh ones, see
 *                      {@link Dataset#freshPerRun}); datasets shorter than a run are cycled
 * @param seed          seed for generated datasets ({@code --seed}, else drawn once per sweep)
 * @param hub           downloads for datasets that live on the HuggingFace hub
 */
public record DatasetContext(Arguments args, String name, Tokenizer tokenizer, boolean chat, int promptsNeeded,
        long seed, HubFiles hub) {

    /** Prompt lengths are counted in tokens with a tokenizer, in characters without. */
    public PromptLengths lengths() {
        return new PromptLengths(tokenizer, chat, applyChatTemplate());
    }

    /** {@code --apply-chat-template}: auto means "when requests go to a chat endpoint". */
    public boolean applyChatTemplate() {
        return args.applyChatTemplate() != null ? args.applyChatTemplate() : chat;
    }

    /** The local {@code --dataset-path}, which must exist. */
    public Path requirePath() {
        if (args.datasetPath() == null) {
            throw BarrageException.invalidInput("Missing option '--dataset-path' for --dataset " + name
                    + ": give the local file to read.");
        }
        return existing(Path.of(args.datasetPath()));
    }

    /**
     * {@code --dataset-path} when given; else the dataset's public file, downloaded once from the
     * hub (offline, one clear error naming {@code --dataset-path}).
     */
    public Path pathOrDownload(String repo, String file) {
        if (args.datasetPath() != null) {
            return existing(Path.of(args.datasetPath()));
        }
        if (!args.dataSource().equals("huggingface")) {
            throw BarrageException.invalidInput("--dataset " + name + " has no --dataset-path, and --data-source "
                    + args.dataSource() + (args.dataSource().equals("local") ? " forbids downloads"
                    : " is not a hub Barrage downloads from (it downloads from the Hugging Face hub, HF_ENDPOINT)")
                    + ": give --dataset-path " + file + " (" + repo + "), or --data-source huggingface.");
        }
        return hub.fetch(HubFiles.Kind.DATASET, repo, file, true, "Download " + file + " elsewhere and pass it with"
                + " --dataset-path, or give --dataset-path a local file in the same format.");
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--dataset-path': no such file.");
        }
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--dataset-path': "
                    + (Files.isDirectory(path) ? "it is a folder, not a file." : "permission denied."));
        }
        return path;
    }

    /** The error for line {@code lineNo} of {@code file}. */
    public static BarrageException malformed(Path file, long lineNo, String why) {
        return BarrageException.invalidInput("Malformed line " + lineNo + " of '" + file + "' (--dataset-path): "
                + why + ".");
    }

    /** An integer from {@code --dataset-args}, or {@code absent}. */
    public int intArg(String key, int absent, int min) {
        Object v = args.datasetArgs().get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < min) {
            throw BarrageException.invalidInput("Invalid value '" + v + "' for '" + key + "' in option '--dataset-args':"
                    + " should be a whole number >= " + min + ".");
        }
        return n.intValue();
    }

    /** A number from {@code --dataset-args}, or {@code absent}. */
    public double doubleArg(String key, double absent) {
        Object v = args.datasetArgs().get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Number n) || !(n.doubleValue() > 0)) {
            throw BarrageException.invalidInput("Invalid value '" + v + "' for '" + key + "' in option '--dataset-args':"
                    + " should be a number > 0.");
        }
        return n.doubleValue();
    }

    /** Rejects {@code --dataset-args} keys the dataset does not know (as evalscope does). */
    void checkDatasetArgs(List<String> accepted) {
        for (Map.Entry<String, Object> e : args.datasetArgs().entrySet()) {
            if (!accepted.contains(e.getKey())) {
                throw BarrageException.invalidInput("Invalid key '" + e.getKey() + "' in option '--dataset-args': --dataset "
                        + name + " accepts " + (accepted.isEmpty() ? "no settings" : String.join(", ", accepted)) + ".");
            }
        }
    }

    /**
     * {@code count} items built by {@code make}, in index order, on every core: generation and
     * tokenization dominate dataset loading, and the run has not started yet.
     */
    public <T> List<T> parallel(int count, IntFunction<T> make) {
        Object[] out = new Object[count];
        IntStream.range(0, count).parallel().forEach(i -> out[i] = make.apply(i));
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) new ArrayList<>(Arrays.asList(out));
        return list;
    }
}
