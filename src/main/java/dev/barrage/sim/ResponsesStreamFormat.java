package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * OpenAI's Responses stream ({@code /v1/responses}): on admission {@code response.created},
 * {@code response.in_progress}, {@code response.output_item.added} (a reasoning item when the reply
 * starts with reasoning tokens, else the message item with its {@code response.content_part.added});
 * one {@code response.reasoning_text.delta} per reasoning token and one
 * {@code response.output_text.delta} per content token (the message item is added between them);
 * at the end {@code response.completed} — or {@code response.incomplete} when {@code max_output_tokens}
 * cut the reply — whose {@code response.usage} holds the counts. No {@code [DONE]}. Every event has
 * its {@code event:} line and a rising {@code sequence_number}. The final response lists no output
 * items (a benchmark reads only its usage).
 */
final class ResponsesStreamFormat implements StreamFormat {
    private static final byte[] SEQUENCE = Chunks.ascii("\",\"sequence_number\":");
    private static final byte[] EVENT_CLOSE = Chunks.ascii("}\n\n");
    private static final byte[] EVENT_END = Chunks.ascii("\n\n");

    private final Reply reply;
    private final int reasoningTokens;
    /** {@code event: ...delta\ndata: {"type":...,"item_id":...,"output_index":..,"content_index":0,"delta":"} per kind. */
    private final byte[] reasoningOpen;
    private final byte[] textOpen;
    /** Sequence number of token 0's event, and how many lifecycle events the switch to text adds. */
    private final int firstTokenSequence;
    private static final int SWITCH_EVENTS = 3;

    ResponsesStreamFormat(Reply reply) {
        this.reply = reply;
        this.reasoningTokens = reply.plan().reasoningTokens();
        this.reasoningOpen = deltaOpen("response.reasoning_text.delta", "rs_" + reply.number(), 0);
        this.textOpen = deltaOpen("response.output_text.delta", "msg_" + reply.number(), reasoningTokens > 0 ? 1 : 0);
        this.firstTokenSequence = reasoningTokens > 0 ? 3 : 4;
    }

    private static byte[] deltaOpen(String type, String itemId, int outputIndex) {
        return Chunks.ascii("event: " + type + "\ndata: {\"type\":\"" + type + "\",\"item_id\":\"" + itemId
                + "\",\"output_index\":" + outputIndex + ",\"content_index\":0,\"delta\":\"");
    }

    @Override
    public ByteBuf admitted(ByteBufAllocator alloc) {
        String response = responseObject("in_progress", null);
        StringBuilder events = new StringBuilder()
                .append(event("response.created", 0, "\"response\":" + response))
                .append(event("response.in_progress", 1, "\"response\":" + response));
        if (reasoningTokens > 0) {
            events.append(itemAdded(2, 0, "{\"id\":\"rs_" + reply.number() + "\",\"type\":\"reasoning\",\"summary\":[]}"));
        } else {
            appendMessageAdded(events, 2, 0);
        }
        return Chunks.of(alloc, Chunks.utf8(events.toString()));
    }

    /** The message item and its empty output_text part, at sequence numbers seq and seq + 1. */
    private void appendMessageAdded(StringBuilder events, int seq, int outputIndex) {
        String id = "msg_" + reply.number();
        events.append(itemAdded(seq, outputIndex, "{\"id\":\"" + id + "\",\"type\":\"message\",\"status\":"
                + "\"in_progress\",\"role\":\"assistant\",\"content\":[]}"));
        events.append(event("response.content_part.added", seq + 1, "\"item_id\":\"" + id + "\",\"output_index\":"
                + outputIndex + ",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}"));
    }

    private static String itemAdded(int seq, int outputIndex, String item) {
        return event("response.output_item.added", seq, "\"output_index\":" + outputIndex + ",\"item\":" + item);
    }

    private static String event(String type, int seq, String fields) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\",\"sequence_number\":" + seq + "," + fields + "}\n\n";
    }

    private String responseObject(String status, String usage) {
        return "{\"id\":\"" + reply.id() + "\",\"object\":\"response\",\"created_at\":" + reply.createdSeconds()
                + ",\"status\":\"" + status + "\",\"model\":\"" + Chunks.jsonText(reply.model()) + "\",\"output\":[]"
                + (status.equals("incomplete") ? ",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}" : "")
                + ",\"usage\":" + (usage == null ? "null" : usage) + "}";
    }

    private int sequenceOf(int tokenIndex) {
        boolean afterSwitch = reasoningTokens > 0 && tokenIndex >= reasoningTokens;
        return firstTokenSequence + tokenIndex + (afterSwitch ? SWITCH_EVENTS : 0);
    }

    @Override
    public ByteBuf token(ByteBufAllocator alloc, int tokenIndex, byte[] word, boolean reasoning,
            ReplyPlan.FinishReason finish) {
        byte[] before = null;
        if (!reasoning && reasoningTokens > 0 && tokenIndex == reasoningTokens) {
            before = switchToText(sequenceOf(tokenIndex) - SWITCH_EVENTS);
        }
        byte[] open = reasoning ? reasoningOpen : textOpen;
        int seq = sequenceOf(tokenIndex);
        int digits = Chunks.decimalDigits(seq);
        int length = (before == null ? 0 : before.length) + open.length + word.length + SEQUENCE.length + digits
                + EVENT_CLOSE.length;
        ByteBuf buf = Chunks.start(alloc, length);
        if (before != null) {
            buf.writeBytes(before);
        }
        buf.writeBytes(open).writeBytes(word).writeBytes(SEQUENCE);
        Chunks.writeDecimal(buf, seq, digits);
        return buf.writeBytes(EVENT_CLOSE).writeBytes(Chunks.CRLF);
    }

    /** Once per reply: the reasoning item is done, the message item and its text part are added. */
    private byte[] switchToText(int seq) {
        StringBuilder events = new StringBuilder(event("response.output_item.done", seq, "\"output_index\":0,\"item\":"
                + "{\"id\":\"rs_" + reply.number() + "\",\"type\":\"reasoning\",\"summary\":[]}"));
        appendMessageAdded(events, seq + 1, 1);
        return Chunks.utf8(events.toString());
    }

    @Override
    public ByteBuf malformedToken(ByteBufAllocator alloc, int tokenIndex, byte[] word) {
        byte[] open = tokenIndex < reasoningTokens ? reasoningOpen : textOpen;
        return Chunks.start(alloc, open.length + word.length + EVENT_END.length)
                .writeBytes(open).writeBytes(word).writeBytes(EVENT_END).writeBytes(Chunks.CRLF);
    }

    @Override
    public ByteBuf end(ByteBufAllocator alloc, int promptTokens, ReplyPlan plan, boolean includeUsage) {
        int completion = plan.completionTokens();
        String usage = "{\"input_tokens\":" + promptTokens + ",\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":" + completion + ",\"output_tokens_details\":{\"reasoning_tokens\":"
                + plan.reasoningTokens() + "},\"total_tokens\":" + (promptTokens + completion) + "}";
        boolean cut = plan.finishReason() == ReplyPlan.FinishReason.LENGTH;
        String status = cut ? "incomplete" : "completed";
        int seq = sequenceOf(completion - 1) + 1;
        return Chunks.of(alloc, Chunks.utf8(event("response." + status, seq, "\"response\":"
                + responseObject(status, usage))));
    }

    @Override
    public ByteBuf last(ByteBufAllocator alloc) {
        return alloc.buffer(0);
    }
}
