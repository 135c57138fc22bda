package dev.barrage.sim;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Netty's aggregator, answering an oversized body with an OpenAI-shaped 413 and closing. */
final class BodyAggregator extends HttpObjectAggregator {

    BodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // the rest of the body is still on its way; closing is the only way to skip it safely
        ctx.writeAndFlush(HttpResponses.error(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "Request body larger than " + maxContentLength() + " bytes", false))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
