package dev.barrage.sim;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The server-sent events of one streamed reply, each already framed as one HTTP/1.1 chunk
 * ({@code <hex length>\r\n<event>\r\n}) so it leaves as a single buffer in a single write.
 * Events are assembled by copying pre-encoded bytes: the per-request head
 * ({@code data: {"id":..,"object":..,"created":..,"model":..,"choices":[}) is encoded once on
 * arrival and the rest are constants, so the per-token path does no JSON work.
 * Not thread-safe; used on its channel's event loop.
 */
final class ChunkEncoder {
    private static final byte[] CHAT_ROLE = ascii(
            "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    private static final byte[] CHAT_CONTENT_OPEN = ascii("{\"index\":0,\"delta\":{\"content\":\"");
    private static final byte[] CHAT_REASONING_OPEN = ascii("{\"index\":0,\"delta\":{\"reasoning_content\":\"");
    private static final byte[] CHAT_CLOSE = ascii("\"},\"finish_reason\":null}]}\n\n");
    private static final byte[] CHAT_CLOSE_STOP = ascii("\"},\"finish_reason\":\"stop\"}]}\n\n");
    private static final byte[] CHAT_CLOSE_LENGTH = ascii("\"},\"finish_reason\":\"length\"}]}\n\n");
    private static final byte[] TEXT_OPEN = ascii("{\"index\":0,\"text\":\"");
    private static final byte[] TEXT_CLOSE = ascii("\",\"finish_reason\":null}]}\n\n");
    private static final byte[] TEXT_CLOSE_STOP = ascii("\",\"finish_reason\":\"stop\"}]}\n\n");
    private static final byte[] TEXT_CLOSE_LENGTH = ascii("\",\"finish_reason\":\"length\"}]}\n\n");
    private static final byte[] DONE = ascii("data: [DONE]\n\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");

    /** The field {@code --stamp-events} adds to token events: the simulator's send nanoTime. */
    static final String SENT_NANOS_FIELD = "barrage_sent_ns";
    private static final byte[] SENT_NANOS_OPEN = ascii(",\"" + SENT_NANOS_FIELD + "\":");
    private static final byte[] CHOICES_OPEN = ascii(",\"choices\":[");
    private static final byte[] EVENT_END = ascii("\n\n");

    private final boolean chat;
    private final byte[] head;
    /** {@link #head} without its closing {@code ,"choices":[}, for stamped events. */
    private final byte[] headFields;

    /**
     * @param id      the reply id, e.g. {@code chatcmpl-7}
     * @param created epoch seconds
     * @param model   the model to echo
     */
    ChunkEncoder(ApiKind kind, String id, long created, String model) {
        this.chat = kind == ApiKind.CHAT;
        String object = chat ? "chat.completion.chunk" : "text_completion";
        String fields = "data: {\"id\":\"" + id + "\",\"object\":\"" + object + "\",\"created\":" + created
                + ",\"model\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(model)) + "\"";
        this.headFields = fields.getBytes(StandardCharsets.UTF_8);
        this.head = (fields + ",\"choices\":[").getBytes(StandardCharsets.UTF_8);
    }

    /** The chat role-only chunk sent at admission. */
    ByteBuf roleChunk(ByteBufAllocator alloc) {
        return chunk(alloc, head.length + CHAT_ROLE.length).writeBytes(head).writeBytes(CHAT_ROLE).writeBytes(CRLF);
    }

    /** One token; {@code finish} is null except on the last token. */
    ByteBuf tokenChunk(ByteBufAllocator alloc, byte[] word, boolean reasoning, ReplyPlan.FinishReason finish) {
        byte[] open = chat ? (reasoning ? CHAT_REASONING_OPEN : CHAT_CONTENT_OPEN) : TEXT_OPEN;
        byte[] close = close(finish);
        return chunk(alloc, head.length + open.length + word.length + close.length)
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
        int digits = decimalDigits(sentNanos);
        int payload = headFields.length + SENT_NANOS_OPEN.length + digits + CHOICES_OPEN.length + open.length
                + word.length + close.length;
        ByteBuf buf = chunk(alloc, payload).writeBytes(headFields).writeBytes(SENT_NANOS_OPEN);
        writeDecimal(buf, sentNanos, digits);
        return buf.writeBytes(CHOICES_OPEN).writeBytes(open).writeBytes(word).writeBytes(close).writeBytes(CRLF);
    }

    /** The {@code malformed} fault: a token event whose JSON stops after the word. */
    ByteBuf malformedTokenChunk(ByteBufAllocator alloc, byte[] word) {
        byte[] open = chat ? CHAT_CONTENT_OPEN : TEXT_OPEN;
        return chunk(alloc, head.length + open.length + word.length + EVENT_END.length)
                .writeBytes(head).writeBytes(open).writeBytes(word).writeBytes(EVENT_END).writeBytes(CRLF);
    }

    /** The usage chunk ({@code "choices":[]}) sent after the last token when asked for. */
    ByteBuf usageChunk(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan) {
        int completion = plan.completionTokens();
        byte[] usage = ascii("],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (promptTokens + completion)
                + ",\"completion_tokens_details\":{\"reasoning_tokens\":" + plan.reasoningTokens() + "}}}\n\n");
        return chunk(alloc, head.length + usage.length).writeBytes(head).writeBytes(usage).writeBytes(CRLF);
    }

    /** A buffer holding the chunk header for a payload of {@code payloadBytes}, room left for the rest. */
    private static ByteBuf chunk(ByteBufAllocator alloc, int payloadBytes) {
        int hexDigits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(payloadBytes) + 3) / 4);
        ByteBuf buf = alloc.directBuffer(hexDigits + payloadBytes + 2 * CRLF.length);
        for (int shift = (hexDigits - 1) * 4; shift >= 0; shift -= 4) {
            buf.writeByte(HEX_DIGITS[(payloadBytes >>> shift) & 0xF]);
        }
        return buf.writeBytes(CRLF);
    }

    private static int decimalDigits(long nonNegative) {
        int digits = 1;
        for (long v = nonNegative; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    /** Writes a non-negative number in ASCII without building a String (the hot path allocates no text). */
    private static void writeDecimal(ByteBuf buf, long nonNegative, int digits) {
        int at = buf.writerIndex() + digits - 1;
        long v = nonNegative;
        for (int i = 0; i < digits; i++) {
            buf.setByte(at - i, (int) ('0' + v % 10));
            v /= 10;
        }
        buf.writerIndex(buf.writerIndex() + digits);
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
