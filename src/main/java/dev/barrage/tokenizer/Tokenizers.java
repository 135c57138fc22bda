package dev.barrage.tokenizer;

import dev.barrage.BarrageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads what {@code --tokenizer-path} names, once per process (perf and the embedded simulator
 * share one instance):
 * <ul>
 *   <li>{@code tiktoken:cl100k_base} or {@code tiktoken:o200k_base} — OpenAI encodings;</li>
 *   <li>a local model folder holding {@code tokenizer.json} (and usually {@code
 *       tokenizer_config.json} with the chat template), or a {@code tokenizer.json} file;</li>
 *   <li>a hub model id such as {@code Qwen/Qwen2.5-0.5B-Instruct}: its tokenizer files are
 *       downloaded once into the cache ({@link HubFiles}); offline, a clear error asks for a
 *       local path.</li>
 * </ul>
 * Every failure is a {@link BarrageException} (exit code 2) naming the flag.
 */
public final class Tokenizers {
    static final String TOKENIZER_FILE = "tokenizer.json";
    private static final Map<String, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private Tokenizers() {
    }

    /** The tokenizer {@code spec} names, or {@code null} when {@code spec} is null. */
    public static Tokenizer load(String spec) {
        return spec == null ? null : load(spec, HubFiles.fromEnvironment());
    }

    public static Tokenizer load(String spec, HubFiles hub) {
        return LOADED.computeIfAbsent(spec, s -> loadUncached(s, hub));
    }

    private static Tokenizer loadUncached(String spec, HubFiles hub) {
        if (spec.startsWith("tiktoken:")) {
            Tokenizer t = TiktokenTokenizer.of(spec.substring("tiktoken:".length()));
            if (t == null) {
                throw invalid(spec, "unknown encoding; use tiktoken:cl100k_base or tiktoken:o200k_base");
            }
            return t;
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            Path file = path.resolve(TOKENIZER_FILE);
            if (!Files.isRegularFile(file)) {
                throw invalid(spec, "the folder has no " + TOKENIZER_FILE + " (a HuggingFace model folder has one)");
            }
            return loadFile(spec, file);
        }
        if (Files.isRegularFile(path)) {
            return loadFile(spec, path);
        }
        if (HubFiles.looksLikeRepoId(spec) && !spec.startsWith(".")) {
            return fromHub(spec, hub);
        }
        throw invalid(spec, "no such file or folder; give a model folder, a tokenizer.json file, a hub model id"
                + " (owner/name) or tiktoken:cl100k_base / tiktoken:o200k_base");
    }

    private static Tokenizer fromHub(String repo, HubFiles hub) {
        String instead = "'" + repo + "' is not a local file or folder either: pass a local model folder or"
                + " tokenizer.json to --tokenizer-path.";
        Path file = hub.fetch(HubFiles.Kind.MODEL, repo, TOKENIZER_FILE, true, instead);
        hub.fetch(HubFiles.Kind.MODEL, repo, TokenizerConfig.CONFIG_FILE, false, instead);
        hub.fetch(HubFiles.Kind.MODEL, repo, TokenizerConfig.TEMPLATE_FILE, false, instead);
        return loadFile(repo, file);
    }

    private static Tokenizer loadFile(String spec, Path file) {
        try {
            return HfTokenizer.load(file);
        } catch (IOException | RuntimeException e) {
            throw invalid(spec, "cannot load " + file + " as a HuggingFace tokenizer: " + firstLine(e));
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private static BarrageException invalid(String spec, String rule) {
        return BarrageException.invalidInput("Invalid value '" + spec + "' for option '--tokenizer-path': " + rule + ".");
    }
}
