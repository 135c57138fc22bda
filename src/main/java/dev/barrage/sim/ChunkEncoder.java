package dev.barrage.sim;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's streamed format ({@link StreamFormat}) for chat/completions and completions: the
 * server-sent events of one streamed reply, each already framed as one HTTP/1.1 chunk
 * ({@code <hex length>\r\n<event>\r\n}) so it leaves as a single buffer in a single write.
 * Events are assembled by copying pre-encoded bytes: the per-request head
 * ({@code data: {"id":..,"object":..,"created":..,"model":..,"choices":[}) is encoded once on
 * arrival and the rest are constants, so the per-token path does no JSON work.
 * Not thread-safe; used on its channel's event loop.
 */
final class ChunkEncoder implements StreamFormat {
    private static final byte[] CHAT_ROLE = Chunks.ascii(
            "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    private static final byte[] CHAT_CONTENT_OPEN = Chunks.ascii("{\"index\":0,\"delta\":{\"content\":\"");
    private static final byte[] CHAT_REASONING_OPEN = Chunks.ascii("{\"index\":0,\"delta\":{\"reasoning_content\":\"");
    private static final byte[] CHAT_CLOSE = Chunks.ascii("\"},\"finish_reason\":null}]}\n\n");
    private static final byte[] CHAT_CLOSE_STOP = Chunks.ascii("\"},\"finish_reason\":\"stop\"}]}\n\n");
    private static final byte[] CHAT_CLOSE_LENGTH = Chunks.ascii("\"},\"finish_reason\":\"length\"}]}\n\n");
    private static final byte[] TEXT_OPEN = Chunks.ascii("{\"index\":0,\"text\":\"");
    private static final byte[] TEXT_CLOSE = Chunks.ascii("\",\"finish_reason\":null}]}\n\n");
    private static final byte[] TEXT_CLOSE_STOP = Chunks.ascii("\",\"finish_reason\":\"stop\"}]}\n\n");
    private static final byte[] TEXT_CLOSE_LENGTH = Chunks.ascii("\",\"finish_reason\":\"length\"}]}\n\n");
    private static final byte[] DONE = Chunks.ascii("data: [DONE]\n\n");
    private static final byte[] CRLF = Chunks.CRLF;

    /** The field {@code --stamp-events} adds to token events: the simulator's send nanoTime. */
    static final String SENT_NANOS_FIELD = "barrage_sent_ns";
    private static final byte[] SENT_NANOS_OPEN = Chunks.ascii(",\"" + SENT_NANOS_FIELD + "\":");
    private static final byte[] CHOICES_OPEN = Chunks.ascii(",\"choices\":[");
    private static final byte[] EVENT_END = Chunks.ascii("\n\n");

    private final boolean chat;
    /** The role chunk goes out on admission ({@code --early-role-chunk}), not with the first token. */
    private final boolean roleOnAdmission;
    private final byte[] head;
    private final int cachedTokens;
    /** {@link #head} without its closing {@code ,"choices":[}, for stamped events. */
    private final byte[] headFields;

    /**
     * @param id      the reply id, e.g. {@code chatcmpl-7}
     * @param created epoch seconds
     * @param model   the model to echo
     */
    ChunkEncoder(ApiKind kind, String id, long created, String model) {
        this(kind, id, created, model, -1, false);
    }

    /**
     * @param cachedTokens    prompt tokens served from the prefix cache, reported in usage; -1 = no cache
     * @param roleOnAdmission send the chat role chunk on admission instead of right before the first token
     */
    ChunkEncoder(ApiKind kind, String id, long created, String model, int cachedTokens, boolean roleOnAdmission) {
        this.cachedTokens = cachedTokens;
        this.roleOnAdmission = roleOnAdmission;
        this.chat = kind == ApiKind.CHAT;
        String object = chat ? "chat.completion.chunk" : "text_completion";
        String fields = "data: {\"id\":\"" + id + "\",\"object\":\"" + object + "\",\"created\":" + created
                + ",\"model\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(model)) + "\"";
        this.headFields = fields.getBytes(StandardCharsets.UTF_8);
        this.head = (fields + ",\"choices\":[").getBytes(StandardCharsets.UTF_8);
    }

    /** The chat role-only chunk, sent right before the first token (or at admission with --early-role-chunk). */
    ByteBuf roleChunk(ByteBufAllocator alloc) {
        return Chunks.start(alloc, head.length + CHAT_ROLE.length).writeBytes(head).writeBytes(CHAT_ROLE).writeBytes(CRLF);
    }

    /** One token; {@code finish} is null except on the last token. */
    ByteBuf tokenChunk(ByteBufAllocator alloc, byte[] word, boolean reasoning, ReplyPlan.FinishReason finish) {
        byte[] open = chat ? (reasoning ? CHAT_REASONING_OPEN : CHAT_CONTENT_OPEN) : TEXT_OPEN;
        byte[] close = close(finish);
        return Chunks.start(alloc, head.length + open.length + word.length + close.length)
                .writeBytes(head).writeBytes(open).writeBytes(word).writeBytes(close).writeBytes(CRLF);
    }

    /**
     * One token, with the send time in the event ({@code "barrage_sent_ns":<nanoTime>}, before
     * {@code choices}) so a client on the same machine can measure delivery lag.
     */
    ByteBuf stampedTokenChunk(ByteBufAllocator alloc, byte[] word, boolean reasoning, ReplyPlan.FinishReason finish,
            long sentNanos) {
        byte[] open = chat ? (reasoning ? CHAT_REASONING_OPEN : CHAT_CONTENT_OPEN) : TEXT_OPEN;
        byte[] close = close(finish);
        int digits = Chunks.decimalDigits(sentNanos);
        int payload = headFields.length + SENT_NANOS_OPEN.length + digits + CHOICES_OPEN.length + open.length
                + word.length + close.length;
        ByteBuf buf = Chunks.start(alloc, payload).writeBytes(headFields).writeBytes(SENT_NANOS_OPEN);
        Chunks.writeDecimal(buf, sentNanos, digits);
        return buf.writeBytes(CHOICES_OPEN).writeBytes(open).writeBytes(word).writeBytes(close).writeBytes(CRLF);
    }

    /** The {@code malformed} fault: a token event whose JSON stops after the word. */
    ByteBuf malformedTokenChunk(ByteBufAllocator alloc, byte[] word) {
        byte[] open = chat ? CHAT_CONTENT_OPEN : TEXT_OPEN;
        return Chunks.start(alloc, head.length + open.length + word.length + EVENT_END.length)
                .writeBytes(head).writeBytes(open).writeBytes(word).writeBytes(EVENT_END).writeBytes(CRLF);
    }

    /** The usage chunk ({@code "choices":[]}) sent after the last token when asked for. */
    ByteBuf usageChunk(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan) {
        int completion = plan.completionTokens();
        byte[] usage = Chunks.ascii("],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (promptTokens + completion)
                + (cachedTokens >= 0 ? ",\"prompt_tokens_details\":{\"cached_tokens\":" + cachedTokens + "}" : "")
                + ",\"completion_tokens_details\":{\"reasoning_tokens\":" + plan.reasoningTokens() + "}}}\n\n");
        return Chunks.start(alloc, head.length + usage.length).writeBytes(head).writeBytes(usage).writeBytes(CRLF);
    }

    /** {@code data: [DONE]}, unframed: it rides in the HTTP encoder's last chunk, which ends the body. */
    static ByteBuf doneEvent(ByteBufAllocator alloc) {
        return alloc.buffer(DONE.length).writeBytes(DONE);
    }

    private byte[] close(ReplyPlan.FinishReason finish) {
        if (finish == null) {
            return chat ? CHAT_CLOSE : TEXT_CLOSE;
        }
        if (finish == ReplyPlan.FinishReason.LENGTH) {
            return chat ? CHAT_CLOSE_LENGTH : TEXT_CLOSE_LENGTH;
        }
        return chat ? CHAT_CLOSE_STOP : TEXT_CLOSE_STOP;
    }


    // ---- StreamFormat ----

    @Override
    public ByteBuf admitted(ByteBufAllocator alloc) {
        return chat && roleOnAdmission ? roleChunk(alloc) : null;
    }

    @Override
    public ByteBuf beforeFirstToken(ByteBufAllocator alloc) {
        return chat && !roleOnAdmission ? roleChunk(alloc) : null;
    }

    @Override
    public ByteBuf token(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish) {
        return tokenChunk(alloc, word, reasoning, finish);
    }

    @Override
    public ByteBuf stampedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish, long sentNanos) {
        return stampedTokenChunk(alloc, word, reasoning, finish, sentNanos);
    }

    @Override
    public ByteBuf malformedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word) {
        return malformedTokenChunk(alloc, word);
    }

    @Override
    public ByteBuf end(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan, boolean includeUsage) {
        return includeUsage ? usageChunk(alloc, promptTokens, plan) : null;
    }

    @Override
    public ByteBuf last(ByteBufAllocator alloc) {
        return doneEvent(alloc);
    }
}
