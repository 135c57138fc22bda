package dev.barrage.dataset;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code random}: prompts of random words whose length, as the server counts it, is drawn
 * uniformly from [{@code --min-prompt-length}, {@code --max-prompt-length}] — with a tokenizer in
 * tokens, the chat template and a shared {@code --prefix-length} prefix included; without one in
 * characters. {@code random_vl} adds {@code --image-num} generated images to each prompt.
 *
 * <p>Exactness: word tokens concatenate without merging, so a prompt built from N of them has N
 * tokens plus the template's own ({@link RandomText}). Every 64th prompt (and the first 8) is
 * measured through the template and tokenizer; if any differs, every prompt is measured and
 * adjusted (decode, re-encode, add or drop words; at most 10 rounds).
 */
public final class RandomDataset implements DatasetPlugin {
    private static final int SAMPLE_EVERY = 64;
    private static final int MAX_ROUNDS = 10;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public List<String> names() {
        return List.of("random", "random_vl");
    }

    @Override
    public Dataset load(DatasetContext ctx) {
        Arguments args = ctx.args();
        boolean ids = args.tokenizePrompt();
        RandomText rt = new RandomText(ctx.tokenizer(), ctx.lengths(), ctx.seed());
        int base = ids ? 0 : rt.emptyLength();
        int prefix = args.prefixLength();
        int floor = base + prefix + 1;
        String unit = ctx.tokenizer() != null ? "tokens" : "characters";
        if (args.maxPromptLength() == dev.barrage.config.Defaults.MAX_PROMPT_LENGTH) {
            throw BarrageException.invalidInput("Option '--dataset " + ctx.name() + "' needs --max-prompt-length (and"
                    + " usually --min-prompt-length): prompt lengths are drawn from [min, max] " + unit + ", e.g."
                    + " --min-prompt-length 1024 --max-prompt-length 1024.");
        }
        if (args.maxPromptLength() < floor) {
            throw BarrageException.invalidInput("Invalid value '" + args.maxPromptLength() + "' for option"
                    + " '--max-prompt-length': a random prompt needs at least " + floor + " " + unit + " ("
                    + (base > 0 ? base + " of chat template/special tokens + " : "") + "--prefix-length " + prefix
                    + " + 1).");
        }
        int min = Math.max(args.minPromptLength(), floor);
        int[] prefixPicks = rt.tokenized() ? rt.draw(rt.random(1, 0), prefix) : new int[0];
        String prefixChars = rt.tokenized() ? "" : rt.characters(rt.random(1, 0), prefix);
        Generator g = new Generator(rt, base, prefixPicks, prefixChars, min, args.maxPromptLength(), ids);
        long offset = args.datasetOffset();
        List<Prompt> prompts = ctx.parallel(ctx.promptsNeeded(), i -> g.prompt(offset + i, false));
        if (rt.tokenized() && !ids && anySampleInexact(rt, prompts)) {
            prompts = ctx.parallel(ctx.promptsNeeded(), i -> g.prompt(offset + i, true));
        }
        if (ctx.name().equals("random_vl")) {
            prompts = withImages(ctx, prompts);
        }
        String what = ctx.name() + ": " + min + (min == args.maxPromptLength() ? "" : "-" + args.maxPromptLength())
                + " " + unit + (base > 0 ? " incl. " + base + " of chat template" : "")
                + (prefix > 0 ? ", " + prefix + " shared prefix" : "") + ", seed " + ctx.seed()
                + (rt.tokenized() ? "" : "; no --tokenizer-path: lengths are characters");
        return Dataset.freshPerRun(what, prompts);
    }

    private static boolean anySampleInexact(RandomText rt, List<Prompt> prompts) {
        for (int i = 0; i < prompts.size(); i++) {
            if ((i < 8 || i % SAMPLE_EVERY == 0) && rt.measure(prompts.get(i).text()) != prompts.get(i).promptTokens()) {
                return true;
            }
        }
        return false;
    }

    /** Builds prompt number {@code index}; deterministic in (seed, index). */
    private record Generator(RandomText rt, int base, int[] prefixPicks, String prefixChars, int min, int max,
            boolean ids) {
        Prompt prompt(long index, boolean measureEach) {
            SplittableRandom rnd = rt.random(2, index);
            int target = min + rnd.nextInt(max - min + 1);
            if (!rt.tokenized()) {
                return Prompt.ofText(prefixChars + rt.characters(rnd, target - prefixChars.length()));
            }
            int[] picks = concat(prefixPicks, rt.draw(rnd, target - base - prefixPicks.length));
            if (ids) {
                return Prompt.ofTokens(rt.tokenIds(picks));
            }
            if (!measureEach) {
                return Prompt.ofText(rt.text(picks)).withPromptTokens(target);
            }
            return adjusted(rnd, picks, target);
        }

        /** Measure, then add or drop words until the server-side length is the target. */
        private Prompt adjusted(SplittableRandom rnd, int[] picks, int target) {
            String text = rt.text(picks);
            int length = rt.measure(text);
            for (int round = 0; round < MAX_ROUNDS && length != target; round++) {
                int diff = target - length;
                int keep = Math.max(prefixPicks.length + 1, picks.length + Math.min(diff, 0));
                picks = concat(Arrays.copyOf(picks, keep), rt.draw(rnd, Math.max(diff, 0)));
                text = rt.text(picks);
                length = rt.measure(text);
            }
            return Prompt.ofText(text).withPromptTokens(length);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** random_vl: each prompt becomes one user message of its text and the generated images. */
    private static List<Prompt> withImages(DatasetContext ctx, List<Prompt> prompts) {
        Arguments a = ctx.args();
        if (!ctx.chat()) {
            throw BarrageException.invalidInput("--dataset random_vl sends images in chat messages: use a"
                    + " .../v1/chat/completions --url.");
        }
        List<String> pool = RandomImages.pool(a.imageWidth(), a.imageHeight(), a.imageFormat(),
                Math.min(RandomImages.MAX_POOL, prompts.size() * a.imageNum()), ctx.seed(), ctx);
        return ctx.parallel(prompts.size(), i -> {
            ArrayNode content = NODES.arrayNode();
            content.addObject().put("type", "text").put("text", prompts.get(i).text());
            for (int k = 0; k < a.imageNum(); k++) {
                String url = pool.get((i * a.imageNum() + k) % pool.size());
                content.addObject().put("type", "image_url").putObject("image_url").put("url", url);
            }
            ArrayNode messages = NODES.arrayNode();
            ObjectNode user = messages.addObject().put("role", "user");
            user.set("content", content);
            return Prompt.ofMessages(messages);
        });
    }
}
