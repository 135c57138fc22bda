package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Anthropic's Messages stream ({@code /v1/messages}): on admission {@code message_start} (with the
 * input tokens), {@code content_block_start} and a {@code ping}; one {@code content_block_delta}
 * per token ({@code thinking_delta} for reasoning tokens in block 0, then {@code text_delta} in
 * the next block, the switch marked by {@code content_block_stop}/{@code content_block_start});
 * at the end {@code content_block_stop} and {@code message_delta} with {@code stop_reason}
 * ({@code end_turn} or {@code max_tokens}) and the output tokens; {@code message_stop} last.
 * Every event has its {@code event:} line, as Anthropic sends them.
 */
final class AnthropicStreamFormat implements StreamFormat {
    private static final byte[] DELTA_OPEN = Chunks.ascii(
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":");
    private static final byte[] THINKING_OPEN = Chunks.ascii("0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"");
    private static final byte[] TEXT_OPEN_0 = Chunks.ascii("0,\"delta\":{\"type\":\"text_delta\",\"text\":\"");
    private static final byte[] TEXT_OPEN_1 = Chunks.ascii("1,\"delta\":{\"type\":\"text_delta\",\"text\":\"");
    private static final byte[] DELTA_CLOSE = Chunks.ascii("\"}}\n\n");
    private static final byte[] EVENT_END = Chunks.ascii("\n\n");
    /** Between the last thinking token and the first text token. */
    private static final byte[] SWITCH_TO_TEXT = Chunks.ascii(
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    private static final byte[] STOP = Chunks.ascii("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    private final Reply reply;
    private final int reasoningTokens;
    private final byte[] textOpen;

    AnthropicStreamFormat(Reply reply) {
        this.reply = reply;
        this.reasoningTokens = reply.plan().reasoningTokens();
        this.textOpen = reasoningTokens > 0 ? TEXT_OPEN_1 : TEXT_OPEN_0;
    }

    @Override
    public ByteBuf admitted(ByteBufAllocator alloc) {
        String firstBlock = reasoningTokens > 0 ? "{\"type\":\"thinking\",\"thinking\":\"\"}" : "{\"type\":\"text\",\"text\":\"\"}";
        String events = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"" + reply.id()
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"" + Chunks.jsonText(reply.model())
                + "\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
                + reply.request().promptTokens() + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + firstBlock + "}\n\n"
                + "event: ping\ndata: {\"type\": \"ping\"}\n\n";
        return Chunks.of(alloc, Chunks.utf8(events));
    }

    @Override
    public ByteBuf token(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish) {
        byte[] open = reasoning ? THINKING_OPEN : textOpen;
        byte[] before = !reasoning && reasoningTokens > 0 && tokenIndex == reasoningTokens ? SWITCH_TO_TEXT : null;
        int length = (before == null ? 0 : before.length) + DELTA_OPEN.length + open.length + word.length
                + DELTA_CLOSE.length;
        ByteBuf buf = Chunks.start(alloc, length);
        if (before != null) {
            buf.writeBytes(before);
        }
        return buf.writeBytes(DELTA_OPEN).writeBytes(open).writeBytes(word).writeBytes(DELTA_CLOSE).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf malformedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word) {
        byte[] open = tokenIndex < reasoningTokens ? THINKING_OPEN : textOpen;
        return Chunks.start(alloc, DELTA_OPEN.length + open.length + word.length + EVENT_END.length)
                .writeBytes(DELTA_OPEN).writeBytes(open).writeBytes(word).writeBytes(EVENT_END).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf end(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan, boolean includeUsage) {
        int lastBlock = plan.completionTokens() > reasoningTokens && reasoningTokens > 0 ? 1 : 0;
        String stopReason = plan.finishReason() == ReplyPlan.FinishReason.LENGTH ? "max_tokens" : "end_turn";
        String events = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":" + lastBlock + "}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + plan.completionTokens() + "}}\n\n";
        return Chunks.of(alloc, Chunks.ascii(events));
    }

    @Override
    public ByteBuf last(ByteBufAllocator alloc) {
        return alloc.buffer(STOP.length).writeBytes(STOP);
    }
}
