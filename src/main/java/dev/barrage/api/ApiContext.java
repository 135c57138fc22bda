package dev.barrage.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.config.Arguments;

import java.util.SplittableRandom;

/**
 * What an {@link ApiPlugin} gets to build its adapter: the run's arguments, the request path the
 * URL resolved to, the parsed {@code --query-template}, and the per-request {@code max_tokens}
 * draw. Thread-safe.
 */
public final class ApiContext {
    private final Arguments args;
    private final String path;
    private final ObjectNode queryTemplate;
    /** Draws each request's max_tokens for {@code --max-tokens MIN MAX}. */
    private final SplittableRandom maxTokensRandom;

    /**
     * @param path          the request path (with query), e.g. {@code /v1/messages}
     * @param queryTemplate {@code --query-template} parsed, or {@code null}
     */
    public ApiContext(Arguments args, String path, ObjectNode queryTemplate) {
        this.args = args;
        this.path = path;
        this.queryTemplate = queryTemplate;
        this.maxTokensRandom = new SplittableRandom(args.seed() != null ? args.seed() : System.nanoTime());
    }

    public Arguments args() {
        return args;
    }

    /** The request path, query included. */
    public String path() {
        return path;
    }

    /** The {@code --query-template} body to start from, or {@code null}; never modify it (copy first). */
    public ObjectNode queryTemplate() {
        return queryTemplate;
    }

    /** The max_tokens of one request: {@code --max-tokens}, or a uniform draw from {@code --max-tokens MIN MAX}. */
    public synchronized int maxTokens() {
        Integer upper = args.maxTokensUpper();
        int min = args.effectiveMaxTokens();
        return upper == null ? min : min + maxTokensRandom.nextInt(upper - min + 1);
    }
}
