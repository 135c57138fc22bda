package dev.barrage.load;

import dev.barrage.api.ResponseState;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.transport.HttpExchange;

import java.nio.charset.StandardCharsets;

/** Turns a completed exchange into its immutable record; runs on the collector thread. */
final class Records {
    private Records() {
    }

    static RequestRecord of(HttpExchange ex, boolean streamRequested) {
        ResponseState s = ex.state();
        boolean usage = s.usageSeen() && s.completionTokens() >= 0;
        int completion = usage ? s.completionTokens() : ex.sse() ? s.tokenEvents() : RequestRecord.UNKNOWN;
        // A request that failed before any response counts as what it asked for; one that got a
        // response counts as what the response was.
        boolean stream = ex.sse() || streamRequested && ex.statusCode() == 0;
        return new RequestRecord(
                ex.index(),
                new String(ex.body(), StandardCharsets.UTF_8),
                stream,
                ex.startEpochMillis(),
                ex.intendedSendNanos(),
                ex.slotNanos(),
                ex.sendNanos(),
                ex.firstByteNanos(),
                ex.endNanos(),
                s.tokenNanos(),
                s.promptTokens(),
                completion,
                !usage && completion >= 0,
                s.cachedTokens(),
                s.reasoningTokens(),
                s.content(),
                s.reasoning(),
                ex.statusCode(),
                ex.errorType(),
                ex.error(),
                ex.attempts(),
                ex.retries());
    }
}
