package dev.barrage.dataset;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.tokenizer.HubFiles;
import dev.barrage.tokenizer.Tokenizer;
import dev.barrage.tokenizer.Tokenizers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Loads the prompt source a run asks for, before any request is sent. Every problem (unknown
 * dataset, missing or unreadable file, malformed line N, nothing within the length bounds, a
 * dataset that does not fit the API) becomes one {@link BarrageException} with exit code 2 naming
 * the file, the line and the flag — a file too large for the heap too ({@link HeapBudget}), even
 * one that fills it unforeseen (an OutOfMemoryError while loading).
 *
 * <p>Precedence as in evalscope: {@code --prompt} beats {@code --dataset}; with neither, the
 * small built-in prompt set is used, so no run needs a file or a download. Datasets are
 * {@link DatasetPlugin}s found by {@link ServiceLoader}: the built-in ones and any on the class path.
 */
public final class Datasets {
    private static final String BUILTIN_RESOURCE = "builtin_prompts.txt";

    private Datasets() {
    }

    public static Dataset load(Arguments args) {
        return load(args, Tokenizers.load(args.tokenizerPath()), HubFiles.fromEnvironment());
    }

    /**
     * @param tokenizer the loaded {@code --tokenizer-path}, or {@code null}
     */
    public static Dataset load(Arguments args, Tokenizer tokenizer, HubFiles hub) {
        try {
            return loadWithin(args, tokenizer, hub);
        } catch (OutOfMemoryError e) {
            // Everything loaded so far is garbage once the stack is unwound: there is room for the message.
            Path file = args.prompt() == null && args.datasetPath() != null ? Path.of(args.datasetPath()) : null;
            throw HeapBudget.outOfMemory(args.dataset() != null ? args.dataset() : "prompts", file);
        }
    }

    private static Dataset loadWithin(Arguments args, Tokenizer tokenizer, HubFiles hub) {
        boolean chat = isChat(args);
        checkApi(args);
        Dataset dataset;
        if (args.prompt() != null) {
            Prompt p = Prompt.ofText(readPromptOption(args.prompt()));
            checkFixedPrompt(args, new PromptLengths(tokenizer, chat, applyTemplate(args, chat)).of(p));
            dataset = new Dataset("prompt", List.of(p));
        } else if (args.dataset() == null) {
            dataset = builtin();
        } else {
            DatasetPlugin plugin = plugins().get(args.dataset());
            if (plugin == null) {
                throw BarrageException.invalidInput("Invalid value '" + args.dataset() + "' for option '--dataset':"
                        + " known datasets are " + String.join(", ", plugins().keySet())
                        + " (or leave --dataset out for the built-in prompts).");
            }
            long seed = args.seed() != null ? args.seed() : new SplittableRandom().nextLong() >>> 1;
            DatasetContext ctx = new DatasetContext(args, args.dataset(), tokenizer, chat, promptsNeeded(args), seed, hub);
            ctx.checkDatasetArgs(plugin.datasetArgs());
            dataset = plugin.load(ctx);
        }
        if (args.multiTurn() && !Conversations.isConversation(dataset.get(0))) {
            throw BarrageException.invalidInput("Option '--multi-turn' needs a conversation dataset: --dataset "
                    + args.dataset() + " gives single prompts (conversation datasets: random_multi_turn,"
                    + " share_gpt_zh_multi_turn, share_gpt_en_multi_turn, custom_multi_turn, swe_smith, trie_*).");
        }
        return args.tokenizePrompt() ? tokenized(args, dataset, tokenizer, chat) : dataset;
    }

    /** Every dataset name, with the plug-in that serves it (built-in ones first, then the class path's). */
    public static Map<String, DatasetPlugin> plugins() {
        Map<String, DatasetPlugin> byName = new TreeMap<>();
        for (DatasetPlugin p : ServiceLoader.load(DatasetPlugin.class, Datasets.class.getClassLoader())) {
            for (String name : p.names()) {
                byName.putIfAbsent(name, p);
            }
        }
        return byName;
    }

    /** Requests go to chat/completions (messages), as the OpenAI adapter decides from the URL path. */
    static boolean isChat(Arguments args) {
        if (args.url() == null) {
            return true;
        }
        String path = URI.create(args.url()).getPath();
        path = path == null ? "" : path;
        return !(path.endsWith("/completions") && !path.endsWith("/chat/completions"));
    }

    static boolean applyTemplate(Arguments args, boolean chat) {
        return args.applyChatTemplate() != null ? args.applyChatTemplate() : chat;
    }

    /**
     * Prompts all runs of the sweep send together, warm-up included; an SLA search, whose runs are
     * not known ahead, gets 1,000 (and cycles beyond them).
     */
    static int promptsNeeded(Arguments args) {
        if (args.slaAutoTune()) {
            return 1000;
        }
        long needed = 0;
        for (Arguments.Step step : args.steps()) {
            needed += step.number() + args.warmupCount(step.number());
        }
        return (int) Math.max(1, Math.min(needed, Integer.MAX_VALUE));
    }

    /**
     * The prompts whose length is within [{@code --min-prompt-length}, {@code --max-prompt-length}]
     * (tokens with a tokenizer, else characters), measured on every core. Without non-default
     * bounds nothing is measured. An empty result is an error naming both flags.
     */
    public static List<Prompt> withinLengths(DatasetContext ctx, List<Prompt> prompts, Path source) {
        NeededPrompts within = new NeededPrompts(ctx, source, Integer.MAX_VALUE);
        prompts.forEach(within::offer);
        return within.kept();
    }

    private static void checkFixedPrompt(Arguments args, int length) {
        if (length > args.maxPromptLength()) {
            throw BarrageException.invalidInput("The --prompt is " + length + " long, more than --max-prompt-length "
                    + args.maxPromptLength() + " allows.");
        }
    }

    /** Embedding and rerank datasets need their APIs, and those APIs need them. */
    private static void checkApi(Arguments args) {
        String name = args.dataset() == null ? "" : args.dataset();
        boolean embedding = name.equals("embedding") || name.equals("random_embedding") || name.endsWith("embedding_batch");
        boolean rerank = name.equals("rerank") || name.equals("random_rerank");
        String needed = embedding ? "openai_embedding" : rerank ? "openai_rerank" : null;
        if (needed != null && !needed.equals(args.api())) {
            throw BarrageException.invalidInput("--dataset " + name + " needs --api " + needed + ".");
        }
        if (needed == null && (args.api().equals("openai_embedding") || args.api().equals("openai_rerank"))) {
            throw BarrageException.invalidInput("--api " + args.api() + " needs an " + (args.api().contains("rerank")
                    ? "rerank dataset: --dataset rerank or random_rerank." : "embedding dataset: --dataset embedding"
                    + " or random_embedding."));
        }
    }

    /** --tokenize-prompt: text prompts become token ids for /v1/completions. */
    private static Dataset tokenized(Arguments args, Dataset dataset, Tokenizer tokenizer, boolean chat) {
        if (chat) {
            throw BarrageException.invalidInput("Option '--tokenize-prompt' sends token ids to /v1/completions; --url "
                    + (args.url() == null ? "(the built-in simulator's chat endpoint)" : Arguments.maskUrl(args.url()))
                    + " is a chat endpoint.");
        }
        List<Prompt> out = new ArrayList<>(dataset.size());
        for (Prompt p : dataset.prompts()) {
            if (p.tokenIds() != null) {
                out.add(p);
            } else if (p.text() != null) {
                out.add(Prompt.ofTokens(tokenizer.encode(p.text())));
            } else {
                throw BarrageException.invalidInput("Option '--tokenize-prompt' needs text prompts; --dataset "
                        + args.dataset() + " has chat messages or request bodies.");
            }
        }
        return new Dataset(dataset.name() + " (token ids)", out);
    }

    /** The built-in prompts: short, varied questions shipped inside the jar. */
    public static Dataset builtin() {
        try (InputStream in = Datasets.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILTIN_RESOURCE + " missing from the jar");
            }
            List<Prompt> prompts = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        prompts.add(Prompt.ofText(line.strip()));
                    }
                }
            }
            return new Dataset("builtin", prompts);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in prompts", e);
        }
    }

    /** {@code --prompt} takes text, or {@code @file} to read the text from a file (as evalscope). */
    public static String readPromptOption(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        Path path = Path.of(value.substring(1));
        try {
            if (Files.isRegularFile(path)) {
                HeapBudget.requireFits(path);
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--prompt': no such file.");
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot read '" + path + "' given to '--prompt': " + e.getMessage() + ".");
        }
    }
}
