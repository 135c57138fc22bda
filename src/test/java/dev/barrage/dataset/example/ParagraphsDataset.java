package dev.barrage.dataset.example;

import dev.barrage.BarrageException;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.DatasetContext;
import dev.barrage.dataset.DatasetPlugin;
import dev.barrage.dataset.Datasets;
import dev.barrage.dataset.Prompt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The worked example of docs/extending.md: {@code --dataset paragraphs} reads a text file whose
 * prompts are separated by blank lines, keeping those of at least {@code min_words} words
 * ({@code --dataset-args '{"min_words": 3}'}).
 */
public final class ParagraphsDataset implements DatasetPlugin {
    @Override
    public List<String> names() {
        return List.of("paragraphs");
    }

    @Override
    public List<String> datasetArgs() {
        return List.of("min_words");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        Path file = ctx.requirePath();
        int minWords = ctx.intArg("min_words", 1, 1);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read '" + file + "' given to '--dataset-path': "
                    + e.getMessage() + ".");
        }
        List<Prompt> prompts = Arrays.stream(text.split("\n\\s*\n"))
                .map(String::strip)
                .filter(p -> p.split("\\s+").length >= minWords)
                .map(Prompt::ofText)
                .toList();
        // --min-prompt-length / --max-prompt-length, in tokens with --tokenizer-path
        return new Dataset("paragraphs", Datasets.withinLengths(ctx, prompts, file));
    }
}
