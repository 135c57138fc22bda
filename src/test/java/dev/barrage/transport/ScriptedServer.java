package dev.barrage.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A purpose-built HTTP server for client tests on loopback, whose misbehaviour is scripted.
 * Real sockets, real Netty; each test picks one behaviour.
 */
final class ScriptedServer implements AutoCloseable {
    enum Behaviour {
        /**
         * llama.cpp-like: streams one reply advertising keep-alive, then closes the connection a
         * moment later; a second request that arrives on the connection before that is never
         * answered.
         */
        CLOSE_AFTER_STREAM,
        /** Answers every request with {@link #status} and a JSON error body. */
        ERROR_STATUS,
        /** Answers with a non-JSON (HTML) error body. */
        HTML_ERROR,
        /** Sends headers and two tokens, then closes mid-stream. */
        CUT_MID_STREAM,
        /**
         * Streams the first reply on a connection normally (keep-alive); answers the second one
         * with half a status line and closes: the server did see that request.
         */
        GARBLED_ON_REUSE
    }

    static final String TOKEN_EVENT = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"}}]}\n\n";

    private final EventLoopGroup group = EventLoops.newGroup(1, "scripted-server");
    private final Channel server;
    private final Behaviour behaviour;
    private final int status;
    private final SslContext tls;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    ScriptedServer(Behaviour behaviour, int status) throws InterruptedException {
        this(behaviour, status, null);
    }

    /** @param tls when not null, the server speaks HTTPS with this context */
    ScriptedServer(Behaviour behaviour, int status, SslContext tls) throws InterruptedException {
        this.behaviour = behaviour;
        this.tls = tls;
        this.status = status;
        this.server = new ServerBootstrap().group(group).channel(EventLoops.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String url() {
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + port() + "/v1/chat/completions";
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private int served;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            requests.incrementAndGet();
            switch (behaviour) {
                case CLOSE_AFTER_STREAM -> {
                    if (served++ > 0) {
                        ctx.close();
                        return;
                    }
                    streamHeaders(ctx);
                    for (int i = 0; i < 3; i++) {
                        event(ctx, TOKEN_EVENT);
                    }
                    event(ctx, "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":3}}\n\n");
                    event(ctx, "data: [DONE]\n\n");
                    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                    ctx.executor().schedule(() -> ctx.close(), 30, TimeUnit.MILLISECONDS);
                }
                case ERROR_STATUS -> full(ctx, HttpResponseStatus.valueOf(status), "application/json",
                        "{\"error\":{\"message\":\"scripted failure " + status + "\",\"type\":\"Err\"}}");
                case HTML_ERROR -> full(ctx, HttpResponseStatus.valueOf(status), "text/html",
                        "<html><body>502 Bad Gateway</body></html>");
                case GARBLED_ON_REUSE -> {
                    if (served++ == 0) {
                        streamHeaders(ctx);
                        event(ctx, TOKEN_EVENT);
                        event(ctx, "data: [DONE]\n\n");
                        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                        return;
                    }
                    // Below the HTTP encoder: raw bytes, as a broken server would send them.
                    ctx.pipeline().firstContext().writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 50",
                            StandardCharsets.US_ASCII)).addListener(f -> ctx.close());
                }
                case CUT_MID_STREAM -> {
                    streamHeaders(ctx);
                    event(ctx, TOKEN_EVENT);
                    event(ctx, TOKEN_EVENT);
                    ctx.executor().schedule(() -> ctx.close(), 20, TimeUnit.MILLISECONDS);
                }
            }
        }

        private void streamHeaders(ChannelHandlerContext ctx) {
            DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
            r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.write(r);
        }

        private void event(ChannelHandlerContext ctx, String text) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
        }

        private void full(ChannelHandlerContext ctx, HttpResponseStatus st, String type, String body) {
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, st,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            ctx.writeAndFlush(r);
        }
    }
}
