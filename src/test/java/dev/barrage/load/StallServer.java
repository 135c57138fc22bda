package dev.barrage.load;

import dev.barrage.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A streaming server that answers every request with one token after {@code serviceMillis}, except
 * that it freezes completely between {@code stallAtMillis} and {@code stallAtMillis +
 * stallForMillis} after it started: anything due in that window goes out when the window ends —
 * the classic stall that closed-loop load generators hide.
 */
final class StallServer implements AutoCloseable {
    private final EventLoopGroup group = EventLoops.newGroup(1, "stall-server");
    private final Channel server;
    private final long startNanos = System.nanoTime();
    private final long stallStartNanos;
    private final long stallEndNanos;
    private final long serviceNanos;

    StallServer(long serviceMillis, long stallAtMillis, long stallForMillis) throws InterruptedException {
        this.serviceNanos = TimeUnit.MILLISECONDS.toNanos(serviceMillis);
        this.stallStartNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(stallAtMillis);
        this.stallEndNanos = stallStartNanos + TimeUnit.MILLISECONDS.toNanos(stallForMillis);
        this.server = new ServerBootstrap().group(group).channel(EventLoops.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/v1/chat/completions";
    }

    /** When an answer due at {@code due} really goes out: never inside the stall window. */
    private long release(long due) {
        return due >= stallStartNanos && due < stallEndNanos ? stallEndNanos : due;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            long now = System.nanoTime();
            long headersAt = release(now);
            long tokenAt = release(Math.max(headersAt, now + serviceNanos));
            ctx.executor().schedule(() -> {
                DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
                r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                ctx.writeAndFlush(r);
            }, headersAt - now, TimeUnit.NANOSECONDS);
            ctx.executor().schedule(() -> {
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer(
                        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n"
                                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n",
                        StandardCharsets.UTF_8)));
                ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.copiedBuffer("data: [DONE]\n\n",
                        StandardCharsets.UTF_8)));
            }, tokenAt - now, TimeUnit.NANOSECONDS);
        }
    }
}
