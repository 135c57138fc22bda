package dev.barrage.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First handler of every client pipeline: takes one {@link System#nanoTime()} per inbound read,
 * before TLS, HTTP or SSE decoding touch the bytes. Everything decoded from that read (headers,
 * chunks, SSE events) carries this stamp, so parsing cost never shows up in TTFT or ITL.
 *
 * <p>One instance per channel, read by {@link ExchangeHandler} on the same I/O thread.
 */
final class ArrivalStampHandler extends ChannelInboundHandlerAdapter {
    private long lastArrivalNanos;
    private long firstArrivalSinceMarkNanos;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        lastArrivalNanos = now;
        if (firstArrivalSinceMarkNanos == 0) {
            firstArrivalSinceMarkNanos = now;
        }
        ctx.fireChannelRead(msg);
    }

    /** Arrival time of the read currently being decoded. */
    long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** Starts watching for the first byte of a new response (called when a request is written). */
    void mark() {
        firstArrivalSinceMarkNanos = 0;
    }

    /**
     * Arrival of the first read since {@link #mark()}, before any decoding: the response's first
     * byte, even when what it brought cannot be parsed; 0 when nothing arrived.
     */
    long firstArrivalSinceMarkNanos() {
        return firstArrivalSinceMarkNanos;
    }
}
