package dev.barrage.sim;

import dev.barrage.transport.EventLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many streams at once from one event loop: opens every connection first, then sends all the
 * requests together so the streams really overlap, and keeps each stream's raw body.
 */
final class NettyStreamClient implements AutoCloseable {
    private final EventLoopGroup group = EventLoops.newGroup(1, "test-client");

    /** What one stream received. */
    static final class Stream {
        volatile int status;
        final StringBuilder body = new StringBuilder();
        volatile boolean complete;
        volatile Throwable failure;

        List<String> events() {
            List<String> events = new ArrayList<>();
            for (String event : body.toString().split("\n\n")) {
                if (!event.isEmpty()) {
                    events.add(event);
                }
            }
            return events;
        }
    }

    /** Runs {@code count} streams of {@code body} against {@code path}; waits up to {@code timeoutSeconds}. */
    List<Stream> run(int port, String path, String body, int count, int timeoutSeconds) throws Exception {
        List<Stream> streams = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(count);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        List<ChannelFuture> connects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Stream stream = new Stream();
            streams.add(stream);
            connects.add(bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline().addLast(new HttpClientCodec(), new StreamHandler(stream, finished));
                }
            }).connect("127.0.0.1", port));
        }
        for (ChannelFuture connect : connects) {
            channels.add(connect.sync().channel());
        }
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        group.next().submit(() -> {
            for (Channel channel : channels) {
                FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                        Unpooled.wrappedBuffer(bodyBytes));
                request.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bodyBytes.length);
                channel.writeAndFlush(request);
            }
        }).sync();
        if (!finished.await(timeoutSeconds, TimeUnit.SECONDS)) {
            long done = streams.stream().filter(s -> s.complete).count();
            throw new AssertionError(
                    "only " + done + " of " + count + " streams completed in " + timeoutSeconds + " s");
        }
        for (Channel channel : channels) {
            channel.close();
        }
        return streams;
    }

    private static final class StreamHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final Stream stream;
        private final CountDownLatch finished;

        StreamHandler(Stream stream, CountDownLatch finished) {
            this.stream = stream;
            this.finished = finished;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                stream.status = response.status().code();
            }
            if (msg instanceof HttpContent content) {
                stream.body.append(content.content().toString(StandardCharsets.UTF_8));
            }
            if (msg instanceof LastHttpContent) {
                stream.complete = true;
                finished.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            stream.failure = cause;
            ctx.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
