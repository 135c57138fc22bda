package dev.barrage.load;

import dev.barrage.api.ResponseState;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.ResponseWarning;
import dev.barrage.metrics.TokenCounts;
import dev.barrage.tokenizer.ClientTokenCounter;
import dev.barrage.transport.HttpExchange;

import java.nio.charset.StandardCharsets;

/** Turns a completed exchange into its immutable record; runs on the collector thread. */
final class Records {
    private Records() {
    }

    static RequestRecord of(HttpExchange ex, boolean streamRequested) {
        return of(ex, streamRequested, null);
    }

    /**
     * @param client the client tokenizer's counter ({@code --tokenizer-path}), or {@code null}.
     *               Reported counts are the server's when it sent usage, else the client
     *               tokenizer's, else (output only) the number of streamed token events.
     */
    static RequestRecord of(HttpExchange ex, boolean streamRequested, ClientTokenCounter client) {
        ResponseState s = ex.state();
        String request = new String(ex.body(), StandardCharsets.UTF_8);
        boolean usage = s.usageSeen() && s.completionTokens() >= 0;
        int serverPrompt = s.usageSeen() ? s.promptTokens() : -1;
        int serverCompletion = usage ? s.completionTokens() : -1;
        int clientPrompt = client != null ? client.prompt(request) : -1;
        String toolCalls = s.toolCalls();
        // tool-call arguments are generated output too: counted with the content, stored after it
        String reply = toolCalls.isEmpty() ? s.content() : s.content().isEmpty() ? toolCalls : s.content() + "\n" + toolCalls;
        int clientCompletion = client != null && ex.statusCode() > 0 ? client.completion(reply, s.reasoning()) : -1;
        int completion = usage ? serverCompletion : clientCompletion >= 0 && ex.errorType() == null ? clientCompletion
                : ex.sse() ? s.tokenEvents() : RequestRecord.UNKNOWN;
        int prompt = serverPrompt >= 0 ? serverPrompt : clientPrompt;
        // A request that failed before any response counts as what it asked for; one that got a
        // response counts as what the response was.
        boolean stream = ex.sse() || streamRequested && ex.statusCode() == 0;
        return new RequestRecord(
                ex.index(),
                request,
                stream,
                ex.startEpochMillis(),
                ex.intendedSendNanos(),
                ex.slotNanos(),
                ex.sendNanos(),
                ex.firstByteNanos(),
                ex.endNanos(),
                s.tokenNanos(),
                prompt,
                completion,
                !usage && completion >= 0,
                s.cachedTokens(),
                s.reasoningTokens(),
                reply,
                s.reasoning(),
                ex.statusCode(),
                ex.errorType(),
                ex.error(),
                ex.attempts(),
                ex.retries(),
                new TokenCounts(serverPrompt, serverCompletion, clientPrompt, clientCompletion,
                        ex.sse() ? s.contentEvents() : -1),
                ex.turn() > 0 ? new RequestRecord.Turn(ex.conversation(), ex.turn()) : null,
                warnings(ex));
    }

    /** The identity headers the request carried, and the server's ids from its answer. */
    static dev.barrage.store.RequestIds ids(HttpExchange ex) {
        String[] sent = ex.requestHeaders();
        String id = null;
        String traceparent = null;
        if (sent != null) {
            for (int i = 0; i + 1 < sent.length; i += 2) {
                if (sent[i].equalsIgnoreCase(RequestIdentity.TRACEPARENT)) {
                    traceparent = sent[i + 1];
                } else if (sent[i].equalsIgnoreCase(ex.idHeaderName())) { // the last one set is the one sent
                    id = sent[i + 1];
                }
            }
        }
        return new dev.barrage.store.RequestIds(id, traceparent, ex.serverRequestId(), ex.state().responseId());
    }

    private static int warnings(HttpExchange ex) {
        ResponseState s = ex.state();
        int w = 0;
        w |= ex.interimResponses() > 0 ? ResponseWarning.INTERIM_RESPONSE.bit() : 0;
        w |= ex.contentEncoding() != null ? ResponseWarning.COMPRESSED.bit() : 0;
        w |= s.eventsAfterEnd() > 0 ? ResponseWarning.DATA_AFTER_END.bit() : 0;
        w |= s.usageInvalid() != null ? ResponseWarning.USAGE_INVALID.bit() : 0;
        w |= ex.success() && ex.emptyReply() ? ResponseWarning.EMPTY_REPLY.bit() : 0;
        return w;
    }
}
