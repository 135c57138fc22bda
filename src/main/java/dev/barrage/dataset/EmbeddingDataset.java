package dev.barrage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedding and rerank workloads, for {@code --api openai_embedding} / {@code openai_rerank}.
 * Each prompt is the request body the adapter sends (the adapter adds only {@code model}):
 * <ul>
 *   <li>{@code embedding}: texts of {@code --dataset-path}, one per line (or JSON lines with
 *       "text"/"input"), batched: {@code {"input": [texts]}} ({@code {"input": text}} for a batch
 *       of 1);</li>
 *   <li>{@code random_embedding}: random texts of [min, max] prompt length;</li>
 *   <li>{@code rerank}: JSON lines {@code {"query": ..., "documents": [...]}} as they are;</li>
 *   <li>{@code random_rerank}: a random query of [min, max] length and {@code num_documents}
 *       documents {@code document_length_ratio} times as long.</li>
 * </ul>
 * {@code --dataset-args} settings ({@code batch_size}, {@code num_documents},
 * {@code document_length_ratio}) shape the bodies and are never sent themselves.
 */
public final class EmbeddingDataset implements DatasetPlugin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public List<String> names() {
        return List.of("embedding", "random_embedding", "embedding_batch", "random_embedding_batch", "rerank",
                "random_rerank");
    }

    @Override
    public List<String> datasetArgs() {
        return List.of("batch_size", "num_documents", "document_length_ratio");
    }

    /** {@code batch_size} from --dataset-args; the {@code *_batch} names default to evalscope's 8, the others to 1. */
    private static int batchSize(DatasetContext ctx) {
        return ctx.intArg("batch_size", ctx.name().endsWith("_batch") ? 8 : 1, 1);
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        return switch (ctx.name()) {
            case "embedding", "embedding_batch" -> embeddings(ctx, readTexts(ctx.requirePath(),
                    (long) ctx.promptsNeeded() * batchSize(ctx)));
            case "random_embedding", "random_embedding_batch" -> embeddings(ctx, randomTexts(ctx, ctx.promptsNeeded()
                    * batchSize(ctx), 1.0));
            case "rerank" -> new Dataset("rerank", firstLines(ctx.requirePath(), EmbeddingDataset::rerankLine,
                    ctx.promptsNeeded()));
            default -> randomRerank(ctx);
        };
    }

    /** The first {@code limit} records of a JSON-lines file: a request never sends the ones after them. */
    private static List<Prompt> firstLines(Path file, JsonRecords.LineConverter converter, long limit) {
        List<Prompt> prompts = new ArrayList<>();
        JsonRecords.readLines(file, converter, p -> prompts.add(p) && prompts.size() < limit);
        return prompts;
    }

    private static List<String> readTexts(Path file, long limit) {
        List<Prompt> lines = firstLines(file, line -> {
            if (line.startsWith("{")) {
                JsonNode r = JSON.readTree(line);
                JsonNode t = r.has("text") ? r.get("text") : r.get("input");
                if (t == null || !t.isTextual()) {
                    throw new IllegalArgumentException("expected {\"text\": \"...\"} or a plain text line");
                }
                return Prompt.ofText(t.asText());
            }
            return Prompt.ofText(line);
        }, limit);
        return lines.stream().map(Prompt::text).toList();
    }

    private static Dataset embeddings(DatasetContext ctx, List<String> texts) {
        if (texts.isEmpty()) {
            throw dev.barrage.BarrageException.invalidInput("--dataset " + ctx.name() + " found no text.");
        }
        int batch = batchSize(ctx);
        List<Prompt> prompts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i += batch) {
            ObjectNode body = NODES.objectNode();
            if (batch == 1) {
                body.put("input", texts.get(i));
            } else {
                ArrayNode input = body.putArray("input");
                texts.subList(i, Math.min(texts.size(), i + batch)).forEach(input::add);
            }
            prompts.add(Prompt.ofBody(body));
        }
        String name = ctx.name() + (batch > 1 ? " (batches of " + batch + ")" : "");
        return ctx.name().startsWith("random") ? Dataset.freshPerRun(name, prompts) : new Dataset(name, prompts);
    }

    private static Prompt rerankLine(String line) throws com.fasterxml.jackson.core.JsonProcessingException {
        JsonNode r = JSON.readTree(line);
        if (!(r instanceof ObjectNode body) || !r.path("query").isTextual() || !r.path("documents").isArray()
                || r.path("documents").isEmpty()) {
            throw new IllegalArgumentException("expected {\"query\": \"...\", \"documents\": [\"...\", ...]}");
        }
        ObjectNode clean = NODES.objectNode();
        clean.set("query", body.get("query"));
        clean.set("documents", body.get("documents"));
        return Prompt.ofBody(clean);
    }

    private static Dataset randomRerank(DatasetContext ctx) {
        int documents = ctx.intArg("num_documents", 10, 1);
        double ratio = ctx.doubleArg("document_length_ratio", 5);
        List<String> queries = randomTexts(ctx, ctx.promptsNeeded(), 1.0);
        List<String> docs = randomTexts(ctx, ctx.promptsNeeded() * documents, ratio);
        List<Prompt> prompts = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            ObjectNode body = NODES.objectNode().put("query", queries.get(i));
            ArrayNode d = body.putArray("documents");
            docs.subList(i * documents, (i + 1) * documents).forEach(d::add);
            prompts.add(Prompt.ofBody(body));
        }
        return Dataset.freshPerRun("random_rerank (" + documents + " documents of " + ratio + "x the query length)",
                prompts);
    }

    /** Random texts of uniform length in [min, max] × {@code scale} (tokens with a tokenizer, else characters). */
    private static List<String> randomTexts(DatasetContext ctx, int count, double scale) {
        PromptLengths raw = new PromptLengths(ctx.tokenizer(), false, false);
        RandomText rt = new RandomText(ctx.tokenizer(), raw, ctx.seed() + (scale == 1.0 ? 0 : 1));
        int min = Math.max(1, ctx.args().minPromptLength());
        // evalscope's default bound (131072) is meant as "no filter"; random texts that long would be absurd
        int max = ctx.args().maxPromptLength() == dev.barrage.config.Defaults.MAX_PROMPT_LENGTH
                ? Math.max(min, 512) : ctx.args().maxPromptLength();
        long offset = ctx.args().datasetOffset();
        return ctx.parallel(count, i -> {
            var rnd = rt.random(3, offset + i);
            int length = (int) Math.max(1, Math.round((min + rnd.nextInt(max - min + 1)) * scale));
            return rt.ofLength(rnd, length);
        });
    }
}
