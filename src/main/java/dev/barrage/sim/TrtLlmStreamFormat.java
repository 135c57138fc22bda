package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Triton's {@code generate_stream} for a TensorRT-LLM ensemble: one event per token,
 * {@code data: {"model_name":"ensemble","model_version":"1","sequence_end":false,"sequence_id":0,
 * "sequence_start":false,"text_output":"WORD"}}, and nothing else: no counts, no end marker (the
 * response simply ends).
 */
final class TrtLlmStreamFormat implements StreamFormat {
    private static final byte[] HEAD = Chunks.ascii("data: {\"model_name\":\"ensemble\",\"model_version\":\"1\","
            + "\"sequence_end\":false,\"sequence_id\":0,\"sequence_start\":false,\"text_output\":\"");
    private static final byte[] CLOSE = Chunks.ascii("\"}\n\n");
    private static final byte[] EVENT_END = Chunks.ascii("\n\n");

    @Override
    public ByteBuf admitted(ByteBufAllocator alloc) {
        return null;
    }

    @Override
    public ByteBuf token(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish) {
        return Chunks.start(alloc, HEAD.length + word.length + CLOSE.length).writeBytes(HEAD).writeBytes(word)
                .writeBytes(CLOSE).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf malformedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word) {
        return Chunks.start(alloc, HEAD.length + word.length + EVENT_END.length).writeBytes(HEAD).writeBytes(word)
                .writeBytes(EVENT_END).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf end(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan, boolean includeUsage) {
        return null;
    }

    @Override
    public ByteBuf last(ByteBufAllocator alloc) {
        return alloc.buffer(0);
    }
}
