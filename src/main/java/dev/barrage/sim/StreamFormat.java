package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * How one API streams a reply: the bytes of its server-sent events, each already framed as one
 * HTTP chunk ({@link Chunks}), in the order admitted, token(0..L-1), end, last. One instance per
 * reply; used on its channel's event loop only. The per-token methods copy pre-encoded bytes and
 * write numbers as digits, so the per-token path does no JSON work.
 */
interface StreamFormat {
    /** Events due when the request gets a batch slot (Anthropic's message_start, ...); null for none. */
    ByteBuf admitted(ByteBufAllocator alloc);

    /**
     * Events that go out right before the first token, in the same write: OpenAI chat's role
     * chunk, which a real server emits with the engine's first output, after prefill. Null for none.
     */
    default ByteBuf beforeFirstToken(ByteBufAllocator alloc) {
        return null;
    }

    /**
     * Token {@code tokenIndex}: its event, plus any event a change from reasoning to content calls for.
     *
     * @param finish null except on the last token
     */
    ByteBuf token(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning, ReplyPlan.FinishReason finish);

    /** As {@link #token}, with the send time in the event ({@code --stamp-events}); formats may ignore the stamp. */
    default ByteBuf stampedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish, long sentNanos) {
        return token(alloc, tokenIndex, word, reasoning, finish);
    }

    /** The {@code malformed} fault: a token event whose JSON stops after the word. */
    ByteBuf malformedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word);

    /** Events after the last token (usage, stop events); null for none. */
    ByteBuf end(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan, boolean includeUsage);

    /** The unframed bytes that ride in the HTTP encoder's last chunk, which ends the body; may be empty. */
    ByteBuf last(ByteBufAllocator alloc);

    /**
     * The format of {@code reply}'s API.
     *
     * @param earlyRoleChunk send OpenAI chat's role chunk on admission instead of with the first token
     */
    static StreamFormat of(Reply reply, boolean earlyRoleChunk) {
        return switch (reply.request().kind()) {
            case CHAT, COMPLETIONS -> new ChunkEncoder(reply.request().kind(), reply.id(), reply.createdSeconds(),
                    reply.model(), reply.request().cachedTokens(), earlyRoleChunk);
            case RESPONSES -> new ResponsesStreamFormat(reply);
            case ANTHROPIC -> new AnthropicStreamFormat(reply);
            case DASHSCOPE -> new DashScopeStreamFormat(reply);
            case SGLANG -> new SglangStreamFormat(reply);
            case TRTLLM -> new TrtLlmStreamFormat();
            case EMBEDDINGS, RERANK -> throw new IllegalStateException(reply.request().kind() + " is never streamed");
        };
    }
}
