package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * DashScope's native stream ({@code /api/v1/services/aigc/text-generation/generation} with
 * {@code X-DashScope-SSE: enable}), incremental output: one event per token, framed as DashScope
 * frames them — {@code id:N}, {@code event:result}, a {@code :HTTP_STATUS/200} comment, then
 * {@code data:} without a space — carrying {@code output.choices[0].message} ({@code content}, or
 * {@code reasoning_content} for reasoning tokens), {@code finish_reason} (the string
 * {@code "null"} until the last token, then {@code "stop"} or {@code "length"}) and the cumulative
 * {@code usage} ({@code input_tokens}, {@code output_tokens}, {@code total_tokens}, and
 * {@code output_tokens_details.reasoning_tokens} when the reply reasons). No closing event.
 */
final class DashScopeStreamFormat implements StreamFormat {
    private static final byte[] ID = Chunks.ascii("id:");
    private static final byte[] HEAD = Chunks.ascii(
            "\nevent:result\n:HTTP_STATUS/200\ndata:{\"output\":{\"choices\":[{\"message\":{\"content\":\"");
    private static final byte[] REASONING_OPEN = Chunks.ascii("\",\"reasoning_content\":\"");
    private static final byte[] MESSAGE_CLOSE = Chunks.ascii("\",\"role\":\"assistant\"},\"finish_reason\":\"");
    private static final byte[] NULL = Chunks.ascii("null");
    private static final byte[] STOP = Chunks.ascii("stop");
    private static final byte[] LENGTH = Chunks.ascii("length");
    private static final byte[] OUTPUT_TOKENS = Chunks.ascii(",\"output_tokens\":");
    private static final byte[] TOTAL_TOKENS = Chunks.ascii(",\"total_tokens\":");
    private static final byte[] REASONING_TOKENS = Chunks.ascii(",\"output_tokens_details\":{\"reasoning_tokens\":");
    private static final byte[] OBJECT_CLOSE = Chunks.ascii("}");
    private static final byte[] EVENT_END = Chunks.ascii("\n\n");

    private final int promptTokens;
    private final int reasoningTokens;
    private final boolean reasons;
    /** {@code "}]},"usage":{"input_tokens":P}: constant for the reply. */
    private final byte[] usageOpen;
    /** {@code },"request_id":"..."}\n\n}. */
    private final byte[] tail;

    DashScopeStreamFormat(Reply reply) {
        this.promptTokens = reply.request().promptTokens();
        this.reasoningTokens = reply.plan().reasoningTokens();
        this.reasons = reasoningTokens > 0;
        this.usageOpen = Chunks.ascii("\"}]},\"usage\":{\"input_tokens\":" + promptTokens);
        this.tail = Chunks.ascii("},\"request_id\":\"" + reply.id() + "\"}\n\n");
    }

    @Override
    public ByteBuf admitted(ByteBufAllocator alloc) {
        return null;
    }

    @Override
    public ByteBuf token(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish) {
        int n = tokenIndex + 1;
        int reasoningSoFar = reasoning ? n : reasoningTokens; // reasoning tokens all come first
        byte[] finishText = finish == null ? NULL : finish == ReplyPlan.FinishReason.LENGTH ? LENGTH : STOP;
        int nDigits = Chunks.decimalDigits(n);
        int totalDigits = Chunks.decimalDigits(promptTokens + (long) n);
        int rDigits = reasons ? Chunks.decimalDigits(reasoningSoFar) : 0;
        int length = ID.length + nDigits + HEAD.length + (reasoning ? REASONING_OPEN.length : 0) + word.length
                + MESSAGE_CLOSE.length + finishText.length + usageOpen.length + OUTPUT_TOKENS.length + nDigits
                + TOTAL_TOKENS.length + totalDigits + (reasons ? REASONING_TOKENS.length + rDigits + 1 : 0)
                + tail.length;
        ByteBuf buf = Chunks.start(alloc, length).writeBytes(ID);
        Chunks.writeDecimal(buf, n, nDigits);
        buf.writeBytes(HEAD);
        if (reasoning) {
            buf.writeBytes(REASONING_OPEN); // content "" then reasoning_content "WORD"
        }
        buf.writeBytes(word).writeBytes(MESSAGE_CLOSE).writeBytes(finishText).writeBytes(usageOpen).writeBytes(OUTPUT_TOKENS);
        Chunks.writeDecimal(buf, n, nDigits);
        buf.writeBytes(TOTAL_TOKENS);
        Chunks.writeDecimal(buf, promptTokens + (long) n, totalDigits);
        if (reasons) {
            buf.writeBytes(REASONING_TOKENS);
            Chunks.writeDecimal(buf, reasoningSoFar, rDigits);
            buf.writeBytes(OBJECT_CLOSE);
        }
        return buf.writeBytes(tail).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf malformedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word) {
        return Chunks.start(alloc, ID.length + 1 + HEAD.length + word.length + EVENT_END.length)
                .writeBytes(ID).writeByte('0').writeBytes(HEAD).writeBytes(word).writeBytes(EVENT_END)
                .writeBytes(Chunks.CRLF);
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
