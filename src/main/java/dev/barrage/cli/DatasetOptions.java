package dev.barrage.cli;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.config.Defaults;
import picocli.CommandLine.Option;

/**
 * {@code barrage perf}'s dataset and tokenizer options (evalscope's names), a picocli mixin so
 * the command class stays small. Like every option they only collect values; {@link Arguments}
 * validates them.
 */
final class DatasetOptions {
    @Option(names = "--tokenizer-path", paramLabel = "<path|id>", description = "Tokenizer for prompt lengths and"
            + " client token counts: a HuggingFace model folder or tokenizer.json, a hub model id (downloaded once),"
            + " or tiktoken:cl100k_base / tiktoken:o200k_base.")
    String tokenizerPath;

    @Option(names = "--dataset-args", paramLabel = "<json>", description = "Dataset settings as a JSON object, e.g."
            + " '{\"batch_size\": 8}' (embedding) or '{\"num_documents\": 10}' (rerank); never sent to the server.")
    String datasetArgs;

    @Option(names = "--min-prompt-length", paramLabel = "<n>", description = "Shortest prompt: random datasets draw"
            + " lengths from [min, max]; file datasets drop shorter prompts (tokens with a tokenizer, else characters;"
            + " default: 0).")
    Integer minPromptLength;

    @Option(names = "--max-prompt-length", paramLabel = "<n>", description = "Longest prompt (default: "
            + Defaults.MAX_PROMPT_LENGTH + ").")
    Integer maxPromptLength;

    @Option(names = "--prefix-length", paramLabel = "<n>", description = "Random datasets: tokens of a random prefix"
            + " shared by every prompt (default: 0).")
    Integer prefixLength;

    @Option(names = "--dataset-offset", paramLabel = "<n>", description = "Random datasets: start at this prompt"
            + " index, for a set disjoint from an earlier run's (default: 0).")
    Long datasetOffset;

    @Option(names = "--tokenize-prompt", description = "Send token ids instead of text to /v1/completions"
            + " (needs --tokenizer-path).")
    boolean tokenizePrompt;

    @Option(names = "--apply-chat-template", paramLabel = "<auto|true|false>", description = "Whether prompt lengths"
            + " count the chat template: auto (default) = yes for chat/completions URLs.")
    String applyChatTemplate;

    @Option(names = "--image-width", paramLabel = "<px>", description = "random_vl image width (default: "
            + Defaults.IMAGE_WIDTH + ").")
    Integer imageWidth;

    @Option(names = "--image-height", paramLabel = "<px>", description = "random_vl image height (default: "
            + Defaults.IMAGE_HEIGHT + ").")
    Integer imageHeight;

    @Option(names = "--image-format", paramLabel = "<mode>", description = "random_vl colour mode RGB or L (PNG),"
            + " or PNG / JPEG (default: " + Defaults.IMAGE_FORMAT + ").")
    String imageFormat;

    @Option(names = "--image-num", paramLabel = "<n>", description = "random_vl images per prompt (default: "
            + Defaults.IMAGE_NUM + ").")
    Integer imageNum;

    /** Copies the collected values into the arguments being built. */
    void applyTo(Arguments.Builder builder) {
        builder.tokenizerPath(tokenizerPath).datasetArgs(PerfCommand.parseJsonObject("--dataset-args", datasetArgs))
                .minPromptLength(minPromptLength).maxPromptLength(maxPromptLength).prefixLength(prefixLength)
                .datasetOffset(datasetOffset).tokenizePrompt(tokenizePrompt)
                .applyChatTemplate(parseAutoBoolean("--apply-chat-template", applyChatTemplate))
                .imageWidth(imageWidth).imageHeight(imageHeight).imageFormat(imageFormat).imageNum(imageNum);
    }

    /** auto (null), true or false. */
    static Boolean parseAutoBoolean(String option, String value) {
        if (value == null || value.equalsIgnoreCase("auto")) {
            return null;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.valueOf(value.toLowerCase(java.util.Locale.ROOT));
        }
        throw BarrageException.invalidInput("Invalid value '" + value + "' for option '" + option
                + "': should be auto, true or false.");
    }
}
