package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Arrays;

/**
 * SGLang's native {@code /generate} stream: one event per token whose {@code text} is the whole
 * text so far (reasoning included: the native API does not separate it) and whose
 * {@code meta_info} carries the cumulative {@code completion_tokens}, {@code prompt_tokens},
 * {@code cached_tokens} and, on the last event, {@code finish_reason}
 * ({@code {"type": "length", "length": N}} or {@code {"type": "stop", "matched": null}}); then
 * {@code data: [DONE]}. The growing text is kept in one array per reply, so an event costs its own
 * length in copying, as on a real SGLang server.
 */
final class SglangStreamFormat implements StreamFormat {
    private static final byte[] OPEN = Chunks.ascii("data: {\"text\":\"");
    private static final byte[] NOT_FINISHED = Chunks.ascii(",\"finish_reason\":null}}\n\n");
    private static final byte[] STOPPED = Chunks.ascii(",\"finish_reason\":{\"type\":\"stop\",\"matched\":null}}}\n\n");
    private static final byte[] EVENT_END = Chunks.ascii("\n\n");

    /** {@code ","meta_info":{"id":"...","prompt_tokens":P,"cached_tokens":C,"completion_tokens":}. */
    private final byte[] metaOpen;
    private byte[] text = new byte[256];
    private int textLength;

    SglangStreamFormat(Reply reply) {
        this.metaOpen = Chunks.ascii("\",\"meta_info\":{\"id\":\"" + reply.id() + "\",\"prompt_tokens\":"
                + reply.request().promptTokens() + ",\"cached_tokens\":" + Math.max(0, reply.request().cachedTokens())
                + ",\"completion_tokens\":");
    }

    @Override
    public ByteBuf admitted(ByteBufAllocator alloc) {
        return null;
    }

    @Override
    public ByteBuf token(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish) {
        if (textLength + word.length > text.length) {
            text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + word.length));
        }
        System.arraycopy(word, 0, text, textLength, word.length);
        textLength += word.length;
        int n = tokenIndex + 1;
        int digits = Chunks.decimalDigits(n);
        byte[] close = finish == null ? NOT_FINISHED : finish == ReplyPlan.FinishReason.LENGTH
                ? Chunks.ascii(",\"finish_reason\":{\"type\":\"length\",\"length\":" + n + "}}}\n\n") : STOPPED;
        ByteBuf buf = Chunks.start(alloc, OPEN.length + textLength + metaOpen.length + digits + close.length)
                .writeBytes(OPEN).writeBytes(text, 0, textLength).writeBytes(metaOpen);
        Chunks.writeDecimal(buf, n, digits);
        return buf.writeBytes(close).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf malformedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word) {
        return Chunks.start(alloc, OPEN.length + word.length + EVENT_END.length).writeBytes(OPEN).writeBytes(word)
                .writeBytes(EVENT_END).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf end(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan, boolean includeUsage) {
        return null;
    }

    @Override
    public ByteBuf last(ByteBufAllocator alloc) {
        return ChunkEncoder.doneEvent(alloc);
    }
}
