package dev.barrage.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything that shapes the simulator's behaviour. Times are in the unit their name says; see
 * {@code docs/simulator.md} for the timing model these numbers feed.
 *
 * @param host               address to listen on
 * @param port               TCP port, 0 to let the OS pick a free one
 * @param model              model id listed by {@code /v1/models}; replies echo the request's model
 * @param ttftMs             base time from admission to the first token
 * @param prefillUsPerToken  extra time to first token per prompt token, in microseconds
 * @param itlMs              base gap between tokens with one sequence decoding
 * @param itlGrowth          relative slow-down of the gap per extra decoding sequence
 * @param jitter             each delay is multiplied by {@code 1 + jitter * u}, u uniform in [-1, 1)
 * @param maxBatch           sequences decoding at once, across all connections; the rest wait FIFO
 * @param reasoningTokens    leading tokens of every reply sent as {@code reasoning_content}
 * @param seed               seed of the reply-length and jitter random sequences
 * @param outputMinTokens    shortest natural reply (when {@code max_tokens} does not cut it)
 * @param outputMaxTokens    longest natural reply
 * @param closeAfterResponse close each connection after its response, as llama.cpp's server does
 * @param ioThreads          Netty event-loop threads
 * @param faults             misbehaviours to inject ({@code --fault}), tried in order; empty = none
 * @param stallAtS           seconds after start when the whole server freezes; ignored unless stallForS > 0
 * @param stallForS          how long the freeze lasts, in seconds; 0 = no freeze
 * @param retryAfterS        the {@code Retry-After} sent with 429 and 503 faults, in seconds
 * @param stampEvents        put the send time ({@code System.nanoTime()}) in every streamed event, for
 *                           measuring delivery lag on one machine
 * @param apis               the {@code --api} names whose paths are served (other generation paths
 *                           answer 404); all of them by default
 * @param prefixCache        report {@code cached_tokens} for the longest message prefix an earlier
 *                           chat request already sent (an automatic prefix cache), and charge the
 *                           prefill delay only for the rest
 * @param earlyRoleChunk     send OpenAI chat's role-only chunk on admission, before prefill (what
 *                           the simulator used to do), instead of right before the first token as
 *                           vLLM and llama.cpp do; for testing clients that time the first event
 *                           of any kind
 */
public record SimConfig(String host, int port, String model, double ttftMs, double prefillUsPerToken,
        double itlMs, double itlGrowth, double jitter, int maxBatch, int reasoningTokens, long seed,
        int outputMinTokens, int outputMaxTokens, boolean closeAfterResponse, int ioThreads,
        List<Fault> faults, double stallAtS, double stallForS, double retryAfterS, boolean stampEvents,
        List<String> apis, boolean prefixCache, boolean earlyRoleChunk) {

    /** The settings with the role chunk sent with the first token. */
    public SimConfig(String host, int port, String model, double ttftMs, double prefillUsPerToken,
            double itlMs, double itlGrowth, double jitter, int maxBatch, int reasoningTokens, long seed,
            int outputMinTokens, int outputMaxTokens, boolean closeAfterResponse, int ioThreads,
            List<Fault> faults, double stallAtS, double stallForS, double retryAfterS, boolean stampEvents,
            List<String> apis, boolean prefixCache) {
        this(host, port, model, ttftMs, prefillUsPerToken, itlMs, itlGrowth, jitter, maxBatch, reasoningTokens, seed,
                outputMinTokens, outputMaxTokens, closeAfterResponse, ioThreads, faults, stallAtS, stallForS,
                retryAfterS, stampEvents, apis, prefixCache, false);
    }

    /** The settings without a prefix cache. */
    public SimConfig(String host, int port, String model, double ttftMs, double prefillUsPerToken,
            double itlMs, double itlGrowth, double jitter, int maxBatch, int reasoningTokens, long seed,
            int outputMinTokens, int outputMaxTokens, boolean closeAfterResponse, int ioThreads,
            List<Fault> faults, double stallAtS, double stallForS, double retryAfterS, boolean stampEvents,
            List<String> apis) {
        this(host, port, model, ttftMs, prefillUsPerToken, itlMs, itlGrowth, jitter, maxBatch, reasoningTokens, seed,
                outputMinTokens, outputMaxTokens, closeAfterResponse, ioThreads, faults, stallAtS, stallForS,
                retryAfterS, stampEvents, apis, false);
    }

    /** The settings serving every API. */
    public SimConfig(String host, int port, String model, double ttftMs, double prefillUsPerToken,
            double itlMs, double itlGrowth, double jitter, int maxBatch, int reasoningTokens, long seed,
            int outputMinTokens, int outputMaxTokens, boolean closeAfterResponse, int ioThreads,
            List<Fault> faults, double stallAtS, double stallForS, double retryAfterS, boolean stampEvents) {
        this(host, port, model, ttftMs, prefillUsPerToken, itlMs, itlGrowth, jitter, maxBatch, reasoningTokens, seed,
                outputMinTokens, outputMaxTokens, closeAfterResponse, ioThreads, faults, stallAtS, stallForS,
                retryAfterS, stampEvents, List.copyOf(ApiKind.apiNames()));
    }

    /** The settings without faults, freezes or stamps. */
    public SimConfig(String host, int port, String model, double ttftMs, double prefillUsPerToken,
            double itlMs, double itlGrowth, double jitter, int maxBatch, int reasoningTokens, long seed,
            int outputMinTokens, int outputMaxTokens, boolean closeAfterResponse, int ioThreads) {
        this(host, port, model, ttftMs, prefillUsPerToken, itlMs, itlGrowth, jitter, maxBatch, reasoningTokens, seed,
                outputMinTokens, outputMaxTokens, closeAfterResponse, ioThreads, List.of(), 0, 0,
                SimDefaults.RETRY_AFTER_S, false);
    }

    /** @throws SimConfigException naming the first setting out of range */
    public SimConfig {
        requireText("host", host);
        requireText("model", model);
        if (port < 0 || port > 65535) {
            throw new SimConfigException("port", port, "should be between 0 and 65535");
        }
        requireNonNegative("ttft-ms", ttftMs);
        requireNonNegative("prefill-us-per-token", prefillUsPerToken);
        requireNonNegative("itl-ms", itlMs);
        requireNonNegative("itl-growth", itlGrowth);
        requireNonNegative("jitter", jitter);
        if (jitter > 1) {
            throw new SimConfigException("jitter", jitter, "should be <= 1");
        }
        requireAtLeast("max-batch", maxBatch, 1);
        requireAtLeast("reasoning-tokens", reasoningTokens, 0);
        requireAtLeast("output-min-tokens", outputMinTokens, 1);
        if (outputMaxTokens < outputMinTokens) {
            throw new SimConfigException("output-max-tokens", outputMaxTokens,
                    "should be >= output-min-tokens (" + outputMinTokens + ")");
        }
        requireAtLeast("io-threads", ioThreads, 1);
        faults = List.copyOf(faults);
        requireNonNegative("stall-at", stallAtS);
        requireNonNegative("stall-for", stallForS);
        requireNonNegative("retry-after", retryAfterS);
        apis = List.copyOf(apis);
        if (apis.isEmpty()) {
            throw new SimConfigException("api", "''", "should name at least one of " + ApiKind.apiNames());
        }
        for (String api : apis) {
            if (!ApiKind.apiNames().contains(api)) {
                throw new SimConfigException("api", "'" + api + "'", "should be one of " + String.join(", ",
                        ApiKind.apiNames()));
            }
        }
    }

    /** Every API the simulator can serve, by its {@code --api} name (the default of {@link #apis()}). */
    public static List<String> allApis() {
        return List.copyOf(ApiKind.apiNames());
    }

    /** True when requests of this kind are served (its API is one of {@link #apis()}). */
    boolean serves(ApiKind kind) {
        return apis.contains(kind.apiName());
    }

    /** True when some fault or freeze is configured: the server misbehaves on purpose. */
    public boolean misbehaves() {
        return !faults.isEmpty() || stallForS > 0;
    }

    private static void requireText(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new SimConfigException(setting, value == null ? "null" : "'" + value + "'",
                    "should not be empty");
        }
    }

    private static void requireNonNegative(String setting, double value) {
        if (!Double.isFinite(value)) {
            throw new SimConfigException(setting, value, "should be a finite number");
        }
        if (value < 0) {
            throw new SimConfigException(setting, value, "should be >= 0");
        }
    }

    private static void requireAtLeast(String setting, int value, int min) {
        if (value < min) {
            throw new SimConfigException(setting, value, "should be >= " + min);
        }
    }

    /** A builder holding the {@link SimDefaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder()
                .host(host).port(port).model(model).ttftMs(ttftMs).prefillUsPerToken(prefillUsPerToken)
                .itlMs(itlMs).itlGrowth(itlGrowth).jitter(jitter).maxBatch(maxBatch)
                .reasoningTokens(reasoningTokens).seed(seed).outputMinTokens(outputMinTokens)
                .outputMaxTokens(outputMaxTokens).closeAfterResponse(closeAfterResponse).ioThreads(ioThreads)
                .faults(faults).stallAtS(stallAtS).stallForS(stallForS).retryAfterS(retryAfterS)
                .stampEvents(stampEvents).apis(apis).prefixCache(prefixCache).earlyRoleChunk(earlyRoleChunk);
    }

    /** Fluent, mutable, not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private String host = SimDefaults.HOST;
        private int port = SimDefaults.PORT;
        private String model = SimDefaults.MODEL;
        private double ttftMs = SimDefaults.TTFT_MS;
        private double prefillUsPerToken = SimDefaults.PREFILL_US_PER_TOKEN;
        private double itlMs = SimDefaults.ITL_MS;
        private double itlGrowth = SimDefaults.ITL_GROWTH;
        private double jitter = SimDefaults.JITTER;
        private int maxBatch = SimDefaults.MAX_BATCH;
        private int reasoningTokens = SimDefaults.REASONING_TOKENS;
        private long seed = SimDefaults.SEED;
        private int outputMinTokens = SimDefaults.OUTPUT_MIN_TOKENS;
        private int outputMaxTokens = SimDefaults.OUTPUT_MAX_TOKENS;
        private boolean closeAfterResponse = SimDefaults.CLOSE_AFTER_RESPONSE;
        private int ioThreads = SimDefaults.ioThreads();
        private List<Fault> faults = List.of();
        private double stallAtS;
        private double stallForS;
        private double retryAfterS = SimDefaults.RETRY_AFTER_S;
        private boolean stampEvents;
        private List<String> apis = List.copyOf(ApiKind.apiNames());
        private boolean prefixCache;
        private boolean earlyRoleChunk;

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder ttftMs(double value) {
            ttftMs = value;
            return this;
        }

        public Builder prefillUsPerToken(double value) {
            prefillUsPerToken = value;
            return this;
        }

        public Builder itlMs(double value) {
            itlMs = value;
            return this;
        }

        public Builder itlGrowth(double value) {
            itlGrowth = value;
            return this;
        }

        public Builder jitter(double value) {
            jitter = value;
            return this;
        }

        public Builder maxBatch(int value) {
            maxBatch = value;
            return this;
        }

        public Builder reasoningTokens(int value) {
            reasoningTokens = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder outputMinTokens(int value) {
            outputMinTokens = value;
            return this;
        }

        public Builder outputMaxTokens(int value) {
            outputMaxTokens = value;
            return this;
        }

        public Builder closeAfterResponse(boolean value) {
            closeAfterResponse = value;
            return this;
        }

        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        /** Faults to inject, tried in this order. */
        public Builder faults(List<Fault> value) {
            faults = value;
            return this;
        }

        /** Adds a fault given in {@code --fault} syntax, e.g. {@code "status=429@every=3"}. */
        public Builder fault(String spec) {
            List<Fault> more = new ArrayList<>(faults);
            more.add(Fault.parse(spec));
            faults = more;
            return this;
        }

        public Builder stallAtS(double value) {
            stallAtS = value;
            return this;
        }

        public Builder stallForS(double value) {
            stallForS = value;
            return this;
        }

        public Builder retryAfterS(double value) {
            retryAfterS = value;
            return this;
        }

        public Builder stampEvents(boolean value) {
            stampEvents = value;
            return this;
        }

        /** The {@code --api} names to serve (openai, openai_responses, anthropic, dashscope, ...). */
        public Builder apis(List<String> value) {
            apis = value;
            return this;
        }

        public Builder prefixCache(boolean value) {
            prefixCache = value;
            return this;
        }

        /** {@code --early-role-chunk}: the chat role chunk on admission, not with the first token. */
        public Builder earlyRoleChunk(boolean value) {
            earlyRoleChunk = value;
            return this;
        }

        /** @throws SimConfigException naming the first setting out of range */
        public SimConfig build() {
            return new SimConfig(host, port, model, ttftMs, prefillUsPerToken, itlMs, itlGrowth, jitter,
                    maxBatch, reasoningTokens, seed, outputMinTokens, outputMaxTokens, closeAfterResponse,
                    ioThreads, faults, stallAtS, stallForS, retryAfterS, stampEvents, apis, prefixCache,
                    earlyRoleChunk);
        }
    }
}
