package dev.barrage.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code openqa}: HC3-Chinese's {@code open_qa.jsonl} (JSON lines with a "question");
 * {@code longalpaca}: LongAlpaca-12k's JSON array of records with an "instruction" (long prompts,
 * over 6k tokens). Without {@code --dataset-path} the public file is downloaded once from the hub;
 * offline, one error line names {@code --dataset-path}. {@code --min/--max-prompt-length} filter.
 * Either file is read only as far as the sweep needs ({@link NeededPrompts}).
 */
public final class OpenQaDataset implements DatasetPlugin {
    static final String OPENQA_REPO = "Hello-SimpleAI/HC3-Chinese";
    static final String OPENQA_FILE = "open_qa.jsonl";
    static final String LONGALPACA_REPO = "Yukang/LongAlpaca-12k";
    static final String LONGALPACA_FILE = "LongAlpaca-12k.json";

    @Override
    public List<String> names() {
        return List.of("openqa", "longalpaca");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        boolean openqa = ctx.name().equals("openqa");
        Path file = openqa ? ctx.pathOrDownload(OPENQA_REPO, OPENQA_FILE)
                : ctx.pathOrDownload(LONGALPACA_REPO, LONGALPACA_FILE);
        String field = openqa ? "question" : "instruction";
        return new Dataset(ctx.name(), NeededPrompts.ofRecords(ctx, file, r -> Prompt.ofText(JsonRecords.text(r, field))));
    }
}
