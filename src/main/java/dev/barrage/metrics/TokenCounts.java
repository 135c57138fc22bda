package dev.barrage.metrics;

/**
 * One request's token counts from every source, kept side by side so they can be compared
 * (docs/metrics.md, "Token accounting"). -1 means "not known from that source".
 *
 * @param serverPrompt      {@code usage.prompt_tokens} as the server sent it
 * @param serverCompletion  {@code usage.completion_tokens} as the server sent it
 * @param clientPrompt      the client tokenizer's count of the prompt (chat template applied when
 *                          the request was a chat request and templates apply)
 * @param clientCompletion  the client tokenizer's count of the reply text (content + reasoning)
 * @param contentEvents     streamed events that carried reply content (not reasoning-only)
 */
public record TokenCounts(int serverPrompt, int serverCompletion, int clientPrompt, int clientCompletion,
        int contentEvents) {
    /** Nothing known: for records built without token accounting. */
    public static final TokenCounts NONE = new TokenCounts(-1, -1, -1, -1, -1);

    /** Where a reported count came from. */
    public enum Source {
        SERVER("server usage"), CLIENT("client tokenizer"), EVENTS("streamed token events (estimate)"),
        UNKNOWN("unknown");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Source promptSource() {
        return serverPrompt >= 0 ? Source.SERVER : clientPrompt >= 0 ? Source.CLIENT : Source.UNKNOWN;
    }

    /** @param tokenEvents the record's token events, the last resort for a streamed reply */
    public Source completionSource(int tokenEvents, boolean stream) {
        if (serverCompletion >= 0) {
            return Source.SERVER;
        }
        if (clientCompletion >= 0) {
            return Source.CLIENT;
        }
        return stream ? Source.EVENTS : Source.UNKNOWN;
    }

    /** server − client input count, or {@code null} when either is unknown. */
    public Integer promptDifference() {
        return serverPrompt >= 0 && clientPrompt >= 0 ? serverPrompt - clientPrompt : null;
    }

    /** server − client output count, or {@code null} when either is unknown. */
    public Integer completionDifference() {
        return serverCompletion >= 0 && clientCompletion >= 0 ? serverCompletion - clientCompletion : null;
    }
}
