package dev.barrage.tokenizer;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real Qwen3 tokenizer the project keeps outside the repository, in
 * {@code shared/testdata/tokenizers/qwen3/} next to the clone (so also in CI). The system property
 * or environment variable {@code BARRAGE_TESTDATA} may point at the {@code testdata} folder
 * instead. Tests that need it are skipped, with the reason, when it is absent.
 */
public final class TestTokenizers {
    private TestTokenizers() {
    }

    /** The qwen3 folder, or skips the calling test. */
    public static Path qwen3Dir() {
        Path dir = testdata().map(d -> d.resolve("tokenizers/qwen3")).orElse(null);
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("tokenizer.json")),
                "skipped: the Qwen3 test tokenizer (shared/testdata/tokenizers/qwen3/tokenizer.json next to the"
                        + " repository, or BARRAGE_TESTDATA) is not on this machine");
        return dir;
    }

    /** The loaded Qwen3 tokenizer (loaded once per JVM), or skips the calling test. */
    public static Tokenizer qwen3() {
        return Tokenizers.load(qwen3Dir().toString());
    }

    static java.util.Optional<Path> testdata() {
        String configured = System.getProperty("BARRAGE_TESTDATA", System.getenv("BARRAGE_TESTDATA"));
        if (configured != null && !configured.isBlank()) {
            return java.util.Optional.of(Path.of(configured));
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("testdata");
            if (Files.isDirectory(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}
