package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.config.Defaults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompts of a file that are within [{@code --min-prompt-length}, {@code --max-prompt-length}]
 * (tokens with a tokenizer, else characters), gathered as the file is read: once it holds
 * {@code limit} of them, reading stops. A sweep sends prompts 0, 1, 2 ... of its dataset (cycled
 * when the dataset is shorter), so the file's later prompts would never be sent: a file of
 * gigabytes is read only as far as the sweep's {@link DatasetContext#promptsNeeded()}. Lengths are
 * measured a chunk at a time on every core; without non-default bounds nothing is measured.
 */
final class NeededPrompts implements JsonRecords.Sink {
    private static final int CHUNK = 4096;

    private final DatasetContext ctx;
    private final Path source;
    private final int limit;
    private final boolean bounded;
    private final List<Prompt> kept = new ArrayList<>();
    private final List<Prompt> unmeasured = new ArrayList<>();
    private long offered;
    private int shortest = Integer.MAX_VALUE;
    private int longest;

    NeededPrompts(DatasetContext ctx, Path source, int limit) {
        this.ctx = ctx;
        this.source = source;
        this.limit = limit;
        Arguments a = ctx.args();
        this.bounded = a.minPromptLength() > 0 || a.maxPromptLength() != Defaults.MAX_PROMPT_LENGTH;
    }

    /** The prompts a sweep needs of a JSON-lines or text file; the rest of the file is not read. */
    static List<Prompt> ofLines(DatasetContext ctx, Path file, JsonRecords.LineConverter converter) {
        NeededPrompts needed = new NeededPrompts(ctx, file, ctx.promptsNeeded());
        JsonRecords.readLines(file, converter, needed);
        return needed.kept();
    }

    /** The prompts a sweep needs of a JSON-array or JSON-lines file; the rest of the file is not read. */
    static List<Prompt> ofRecords(DatasetContext ctx, Path file, JsonRecords.Converter converter) {
        NeededPrompts needed = new NeededPrompts(ctx, file, ctx.promptsNeeded());
        JsonRecords.read(file, converter, needed);
        return needed.kept();
    }

    @Override
    public boolean offer(Prompt prompt) {
        offered++;
        if (!bounded) {
            kept.add(prompt);
        } else {
            unmeasured.add(prompt);
            // measure as soon as there are as many candidates as prompts still missing
            if (unmeasured.size() >= Math.min(CHUNK, limit - kept.size())) {
                measure();
            }
        }
        return kept.size() < limit;
    }

    /** Prompts offered so far, within the bounds or not. */
    long offered() {
        return offered;
    }

    /**
     * The first {@code limit} prompts within the bounds, in file order; an error naming the file
     * when there is none.
     */
    List<Prompt> kept() {
        measure();
        if (offered == 0) {
            throw BarrageException.invalidInput("The dataset file '" + source + "' (--dataset-path) has no prompts.");
        }
        if (kept.isEmpty()) {
            Arguments a = ctx.args();
            throw BarrageException.invalidInput("No prompt of '" + source + "' is within --min-prompt-length "
                    + a.minPromptLength() + " and --max-prompt-length " + a.maxPromptLength() + " "
                    + ctx.lengths().unit() + " (its prompts have " + shortest + " to " + longest + ").");
        }
        return kept.size() > limit ? List.copyOf(kept.subList(0, limit)) : kept;
    }

    private void measure() {
        if (unmeasured.isEmpty()) {
            return;
        }
        Arguments a = ctx.args();
        PromptLengths lengths = ctx.lengths();
        List<Integer> measured = ctx.parallel(unmeasured.size(), i -> lengths.of(unmeasured.get(i)));
        for (int i = 0; i < unmeasured.size(); i++) {
            int n = measured.get(i);
            shortest = Math.min(shortest, n);
            longest = Math.max(longest, n);
            if (n >= a.minPromptLength() && n <= a.maxPromptLength()) {
                kept.add(lengths.tokenizer() != null ? unmeasured.get(i).withPromptTokens(n) : unmeasured.get(i));
            }
        }
        unmeasured.clear();
    }
}
