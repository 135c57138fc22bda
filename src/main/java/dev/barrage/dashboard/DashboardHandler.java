package dev.barrage.dashboard;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * One request per connection: checks it (a whole request, a Host the dashboard answers to, GET),
 * builds the page on the page threads (a report reads databases, which must not hold up the event
 * loop and so the other clients) and sends it with {@code Connection: close}. Answering one
 * request per connection keeps answers in order without queueing pipelined requests; on
 * loopback a new connection costs nothing next to building a report.
 */
final class DashboardHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Pages pages;
    private final HostCheck hosts;
    private final ExecutorService pageThreads;
    private boolean answered;

    DashboardHandler(Pages pages, HostCheck hosts, ExecutorService pageThreads) {
        this.pages = pages;
        this.hosts = hosts;
        this.pageThreads = pageThreads;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (answered) {
            return; // a pipelined request: the connection closes after the first answer
        }
        answered = true;
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (!request.decoderResult().isSuccess()) {
            send(ctx, Reply.text(400, "malformed or oversized request: " + request.decoderResult().cause()));
        } else if (!hosts.allows(host)) {
            send(ctx, Reply.text(403, hosts.refusal(host)));
        } else if (!request.method().equals(HttpMethod.GET)) {
            send(ctx, Reply.text(405, "only GET: the dashboard only reads"));
        } else {
            String uri = request.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            String query = q < 0 ? null : uri.substring(q + 1);
            try {
                pageThreads.execute(() -> send(ctx, pages.get(path, query)));
            } catch (RejectedExecutionException busy) {
                send(ctx, Reply.text(503, "busy building other pages: reload in a moment"));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset connection: nobody is left to answer
    }

    private static void send(ChannelHandlerContext ctx, Reply reply) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType() + "; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (reply.status() == 405) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
