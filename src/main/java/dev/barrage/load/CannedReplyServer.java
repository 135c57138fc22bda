package dev.barrage.load;

import dev.barrage.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP/1.1 server for the client warm-up that answers every request with the same
 * pre-rendered reply (the simulator's answer for the run's API), flushing it piece by piece as a
 * streaming server does: the head, then each chunk of a chunked body on its own. It does next to
 * nothing per request — find the end of the request, write — so the CPU and the JIT compilers
 * spend the warm-up on the client's path, not on a server's.
 *
 * <p>One event-loop thread; requests on a connection are answered in order (keep-alive).
 */
final class CannedReplyServer implements AutoCloseable {
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group;
    private final Channel server;

    private CannedReplyServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Listens on an ephemeral loopback port and answers every request with {@code reply}. */
    static CannedReplyServer start(byte[] reply) throws InterruptedException {
        List<ByteBuf> pieces = new ArrayList<>();
        for (byte[] piece : split(reply)) {
            pieces.add(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(piece)));
        }
        EventLoopGroup group = EventLoops.newGroup(1, "barrage-warmup-server");
        try {
            Channel server = new ServerBootstrap().group(group).channel(EventLoops.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Responder(pieces));
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            return new CannedReplyServer(group, server);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * The reply as it is flushed: the head, then (for a chunked body) one piece per chunk, the
     * last chunk with its trailer; a body of known length is one piece with the head.
     */
    static List<byte[]> split(byte[] reply) {
        int headEnd = indexOf(reply, 0, HEADERS_END);
        if (headEnd < 0) {
            return List.of(reply);
        }
        int bodyStart = headEnd + HEADERS_END.length;
        String head = new String(reply, 0, bodyStart, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (!head.contains("transfer-encoding: chunked")) {
            return List.of(reply);
        }
        List<byte[]> pieces = new ArrayList<>();
        pieces.add(java.util.Arrays.copyOfRange(reply, 0, bodyStart));
        int i = bodyStart;
        while (i < reply.length) {
            int lineEnd = indexOf(reply, i, new byte[] {'\r', '\n'});
            if (lineEnd < 0) {
                break;
            }
            String sizeField = new String(reply, i, lineEnd - i, StandardCharsets.US_ASCII);
            int semicolon = sizeField.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
            int end = size == 0 ? reply.length : Math.min(reply.length, lineEnd + 2 + size + 2);
            pieces.add(java.util.Arrays.copyOfRange(reply, i, end));
            i = end;
        }
        if (i < reply.length) {
            pieces.add(java.util.Arrays.copyOfRange(reply, i, reply.length));
        }
        return pieces;
    }

    private static int indexOf(byte[] haystack, int from, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Finds each request's end (head, then Content-Length bytes) and answers it. */
    private static final class Responder extends ByteToMessageDecoder {
        private final List<ByteBuf> pieces;

        Responder(List<ByteBuf> pieces) {
            this.pieces = pieces;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (true) {
                int headEnd = find(in, HEADERS_END);
                if (headEnd < 0) {
                    return;
                }
                int headLength = headEnd - in.readerIndex() + HEADERS_END.length;
                long total = headLength + contentLength(in, in.readerIndex(), headEnd);
                if (in.readableBytes() < total) {
                    return;
                }
                in.skipBytes((int) total);
                for (ByteBuf piece : pieces) {
                    ctx.writeAndFlush(piece.duplicate(), ctx.voidPromise());
                }
            }
        }

        private static int find(ByteBuf in, byte[] needle) {
            int end = in.writerIndex() - needle.length;
            outer:
            for (int i = in.readerIndex(); i <= end; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (in.getByte(i + j) != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** The Content-Length header's value in the head [from, to); 0 when absent. */
        private static long contentLength(ByteBuf in, int from, int to) {
            for (int i = from; i + CONTENT_LENGTH.length <= to; i++) {
                boolean match = (i == from || in.getByte(i - 1) == '\n');
                for (int j = 0; match && j < CONTENT_LENGTH.length; j++) {
                    match = Character.toLowerCase(in.getByte(i + j)) == CONTENT_LENGTH[j];
                }
                if (match) {
                    long v = 0;
                    for (int k = i + CONTENT_LENGTH.length; k < to; k++) {
                        byte b = in.getByte(k);
                        if (b >= '0' && b <= '9') {
                            v = v * 10 + (b - '0');
                        } else if (b != ' ' && b != '\t') {
                            break;
                        }
                    }
                    return v;
                }
            }
            return 0;
        }
    }
}
