package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Dataset files far larger than a run needs or than the heap holds: the streaming datasets stop
 * reading once they have the sweep's prompts; those that must hold their whole file are refused
 * up front, by size, with one line. The files are sparse (no disk is filled) or small stand-ins.
 */
class BigDatasetFilesTest {
    @TempDir
    Path dir;

    private Arguments.Builder args(String dataset, Path file, int number) {
        return Arguments.builder().url("http://127.0.0.1:1/v1/chat/completions").model("m").dataset(dataset)
                .datasetPath(file.toString()).parallel(1).number(number);
    }

    /** {@code head}, then {@code size} bytes in all: the rest is a hole of NUL bytes taking no disk. */
    private Path sparse(String name, String head, long size) throws Exception {
        Path file = Files.writeString(dir.resolve(name), head);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    @Test
    void jsonLinesDatasetsStopReadingOnceTheSweepHasItsPrompts() throws Exception {
        Path custom = Files.writeString(dir.resolve("custom.jsonl"),
                "{\"prompt\": \"one\"}\n{\"prompt\": \"two\"}\n{\"prompt\": \"three\"}\n{\"other\": 4}\n");
        // the malformed 4th line is never reached by a sweep of 3 requests (1 per run, warm-up none)...
        assertThat(Datasets.load(args("custom", custom, 3).build()).prompts()).extracting(Prompt::text)
                .containsExactly("one", "two", "three");
        // ... and is one of 4 needed prompts
        assertThatThrownBy(() -> Datasets.load(args("custom", custom, 4).build()))
                .hasMessageContaining("Malformed line 4 of '" + custom + "'");
    }

    @Test
    void lengthBoundsCountOnlyPromptsWithinThem() throws Exception {
        Path lines = Files.writeString(dir.resolve("lines.txt"), "short\n" + "far too long for the bound\n"
                + "tiny\nwee\n[not a messages array\n");
        Dataset d = Datasets.load(args("line_by_line", lines, 3).maxPromptLength(10).build());
        assertThat(d.prompts()).extracting(Prompt::text).containsExactly("short", "tiny", "wee");
    }

    @Test
    void jsonArraysAreStreamedToo() throws Exception {
        Path alpaca = Files.writeString(dir.resolve("LongAlpaca-12k.json"),
                "[{\"instruction\": \"one\"}, {\"instruction\": \"two\"}, {\"no instruction\": 3}]");
        assertThat(Datasets.load(args("longalpaca", alpaca, 2).build()).prompts()).extracting(Prompt::text)
                .containsExactly("one", "two");
        Path sharegpt = sparse("sharegpt.json", "[{\"conversations\": [{\"from\": \"human\", \"value\": \"Q\"}]},",
                3_000_000_000L);
        assertThat(Datasets.load(args("share_gpt", sharegpt, 1).build()).size())
                .as("one entry of a 3 GB array").isEqualTo(1);
    }

    @Test
    void aFileThatMustBeHeldWholeIsRefusedWhenTheHeapCannotHoldIt() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        Path trace = sparse("mooncake_trace.jsonl", "{\"timestamp\": 0, \"input_length\": 10, \"output_length\": 5}\n",
                heap);
        BarrageException e = catchThrowableOfType(BarrageException.class,
                () -> Datasets.load(args("mooncake_trace", trace, 1).build()));
        assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith("The dataset file '" + trace + "' (--dataset-path) is ")
                .contains(": reading it needs about ").contains(" of heap, and the JVM has ")
                .endsWith("or raise the heap with BARRAGE_JAVA_OPTS=-Xmx" + (2 * heap + 999_999_999) / 1_000_000_000
                        + "g.");
    }

    @Test
    void theHeapCheckNamesSizeNeedAndHeap() {
        Path file = Path.of("/data/big.json");
        assertThatThrownBy(() -> HeapBudget.requireFits(file, 2_000_000_000L, 64L << 20))
                .hasMessage("The dataset file '/data/big.json' (--dataset-path) is 2.0 GB: reading it needs about"
                        + " 4.0 GB of heap, and the JVM has 67.1 MB. Use a smaller file (JSON lines datasets such as"
                        + " line_by_line, custom, openqa and share_gpt read only the prompts a run sends), or raise"
                        + " the heap with BARRAGE_JAVA_OPTS=-Xmx4g.");
        HeapBudget.requireFits(file, 30_000_000L, 64L << 20); // fits: no error
    }

    @Test
    void aBinaryFileIsNotReadAsOneHugeLine() throws Exception {
        Path binary = sparse("custom.jsonl", "", HeapBudget.maxLineChars() + 10L);
        assertThatThrownBy(() -> Datasets.load(args("custom", binary, 1).build()))
                .hasMessage("Malformed line 1 of '" + binary + "' (--dataset-path): longer than "
                        + HeapBudget.maxLineChars() + " characters: not a dataset line (a binary file, or text without"
                        + " line breaks?).");
    }
}
