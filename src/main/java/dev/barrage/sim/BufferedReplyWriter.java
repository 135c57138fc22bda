package dev.barrage.sim;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A non-streamed reply: nothing is sent until the whole generation time has passed, then one JSON
 * body in its API's shape ({@link ReplyBodies}) with Content-Length. Runs on the channel's event loop.
 */
final class BufferedReplyWriter implements ReplyWriter {
    private final ChannelHandlerContext ctx;
    private final Reply reply;

    BufferedReplyWriter(ChannelHandlerContext ctx, Reply reply) {
        this.ctx = ctx;
        this.reply = reply;
    }

    @Override
    public void begin() {
    }

    @Override
    public void admitted() {
    }

    @Override
    public void token(int tokenIndex) {
    }

    @Override
    public ChannelFuture finish() {
        byte[] body = HttpResponses.toBytes(ReplyBodies.of(reply));
        if (reply.has(Fault.Kind.MALFORMED)) {
            body = java.util.Arrays.copyOf(body, body.length / 2);
        }
        FullHttpResponse response = HttpResponses.json(ctx.alloc(), HttpResponseStatus.OK, body, reply.keepAlive());
        if (reply.has(Fault.Kind.WRONG_TYPE)) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.fault().text());
        }
        return ctx.writeAndFlush(response);
    }

    @Override
    public void cut() {
        ctx.close();
    }
}
