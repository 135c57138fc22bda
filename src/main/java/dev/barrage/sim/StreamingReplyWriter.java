package dev.barrage.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Streams a reply as server-sent events in its API's {@link StreamFormat}, one HTTP chunk per token
 * event, each flushed as soon as it is due so the client's clock sees the simulator's timing. Runs
 * on the channel's event loop.
 *
 * <p>The response head and the last chunk go through the HTTP encoder, which keeps its state
 * machine right for keep-alive. The events in between are framed by {@link ChunkEncoder} and
 * written from the codec's own context, i.e. below the encoder: one buffer and one socket write
 * per event instead of three, which is what lets one core stream well over 100,000 events/s.
 */
final class StreamingReplyWriter implements ReplyWriter {
    private final ChannelHandlerContext ctx;
    /** Writes here bypass the HTTP encoder; only for bytes already framed as chunks. */
    private final ChannelHandlerContext belowCodec;
    private final Reply reply;
    private final StreamFormat format;
    private final boolean stamp;

    /**
     * @param stamp          put the send time in every token event ({@code --stamp-events})
     * @param earlyRoleChunk send OpenAI chat's role chunk on admission ({@code --early-role-chunk})
     */
    StreamingReplyWriter(ChannelHandlerContext ctx, Reply reply, boolean stamp, boolean earlyRoleChunk) {
        this.ctx = ctx;
        this.belowCodec = ctx.pipeline().context(SimInitializer.HTTP_CODEC);
        this.reply = reply;
        this.stamp = stamp;
        this.format = StreamFormat.of(reply, earlyRoleChunk);
    }

    @Override
    public void begin() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE,
                reply.has(Fault.Kind.WRONG_TYPE) ? reply.fault().text() : HttpHeaderValues.TEXT_EVENT_STREAM);
        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpResponses.setConnection(headers, reply.keepAlive());
        ctx.writeAndFlush(response, ctx.voidPromise());
    }

    /** What the API sends on admission (Anthropic's message_start, the Responses API's response.created). */
    @Override
    public void admitted() {
        ByteBuf events = format.admitted(ctx.alloc());
        if (events != null) {
            belowCodec.writeAndFlush(events, belowCodec.voidPromise());
        }
    }

    @Override
    public void token(int tokenIndex) {
        boolean last = reply.isLastToken(tokenIndex);
        boolean reasoning = reply.plan().isReasoning(tokenIndex);
        byte[] word = Vocabulary.wordBytes(reply.number(), tokenIndex, reasoning);
        ReplyPlan.FinishReason finish = last ? reply.plan().finishReason() : null;
        if (tokenIndex == 0) {
            // the role chunk rides with the first token, as vLLM and llama.cpp send it after prefill
            ByteBuf before = format.beforeFirstToken(ctx.alloc());
            if (before != null) {
                belowCodec.write(before, belowCodec.voidPromise());
            }
        }
        ByteBuf chunk;
        if (reply.fault() != null) {
            chunk = faultyToken(tokenIndex, word, reasoning, finish);
        } else if (stamp) {
            chunk = format.stampedToken(ctx.alloc(), tokenIndex, word, reasoning, finish, System.nanoTime());
        } else {
            chunk = format.token(ctx.alloc(), tokenIndex, word, reasoning, finish);
        }
        belowCodec.write(chunk, belowCodec.voidPromise());
        if (!last) {
            // the last token goes out with the usage and [DONE] events in finish(), same instant
            belowCodec.flush();
        }
    }

    /** A token event of a reply with a fault; off the normal path, so it may allocate. */
    private ByteBuf faultyToken(int tokenIndex, byte[] word, boolean reasoning, ReplyPlan.FinishReason finish) {
        int eventNumber = tokenIndex + 1;
        Fault fault = reply.fault();
        return switch (fault.kind()) {
            case MALFORMED -> eventNumber == fault.intValue() ? format.malformedToken(ctx.alloc(), tokenIndex, word)
                    : format.token(ctx.alloc(), tokenIndex, word, reasoning, finish);
            case BAD_UTF8 -> format.token(ctx.alloc(), tokenIndex, eventNumber == fault.intValue() ? NOT_UTF8 : word,
                    reasoning, finish);
            case HUGE_EVENT -> format.token(ctx.alloc(), tokenIndex, eventNumber == 1 ? hugeWord(fault.intValue()) : word,
                    reasoning, finish);
            default -> stamp ? format.stampedToken(ctx.alloc(), tokenIndex, word, reasoning, finish, System.nanoTime())
                    : format.token(ctx.alloc(), tokenIndex, word, reasoning, finish);
        };
    }

    /**
     * A word of the {@code bad-utf8} fault: a lone continuation byte, an overlong encoding and 0xFF,
     * none of which is valid UTF-8, inside otherwise well-formed JSON.
     */
    static final byte[] NOT_UTF8 = {' ', (byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xFF};

    private static byte[] hugeWord(int bytes) {
        byte[] word = new byte[bytes];
        java.util.Arrays.fill(word, (byte) 'x');
        word[0] = ' ';
        return word;
    }

    @Override
    public void cut() {
        belowCodec.flush();
        ctx.close();
    }

    @Override
    public ChannelFuture finish() {
        ByteBufAllocator alloc = ctx.alloc();
        ByteBuf end = format.end(alloc, reply.request().promptTokens(), reply.plan(), reply.request().includeUsage());
        if (end != null) {
            belowCodec.write(end, belowCodec.voidPromise());
        }
        return ctx.writeAndFlush(new DefaultLastHttpContent(format.last(alloc)));
    }
}
