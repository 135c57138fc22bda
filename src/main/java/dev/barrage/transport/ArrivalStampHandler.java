package dev.barrage.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.Arrays;

/**
 * First handler of every client pipeline (and of the simulator's): takes one {@link System#nanoTime()} per inbound read,
 * before TLS, HTTP or SSE decoding touch the bytes. Everything decoded from that read (headers,
 * chunks, SSE events) carries this stamp, so parsing cost never shows up in TTFT or ITL.
 *
 * <p>Decoding is deferred to a task of the same event loop, which Netty runs once it has read
 * every connection that epoll reported ready. So when many connections have data at once (a
 * burst of first tokens, thousands of streams), each is stamped when its bytes were read, not
 * after the connections before it were decoded and parsed: the stamping error is the preceding
 * {@code read} calls (microseconds), not their processing. Inbound events other than reads
 * (inactive, exceptions, user events) first deliver the reads queued before them, so their
 * order is kept.
 *
 * <p>One instance per channel, used only on its I/O thread; no allocation per read once its
 * queue has grown to the reads of one batch.
 */
public final class ArrivalStampHandler extends ChannelInboundHandlerAdapter implements Runnable {
    private ChannelHandlerContext ctx;
    private Object[] reads = new Object[4];
    private long[] stamps = new long[4];
    /** Reads [head, queued) wait to be decoded. */
    private int head;
    private int queued;
    private boolean scheduled;
    private long lastArrivalNanos;
    private long firstArrivalSinceMarkNanos;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        if (firstArrivalSinceMarkNanos == 0) {
            firstArrivalSinceMarkNanos = now;
        }
        if (queued == reads.length) {
            reads = Arrays.copyOf(reads, queued * 2);
            stamps = Arrays.copyOf(stamps, queued * 2);
        }
        reads[queued] = msg;
        stamps[queued++] = now;
        if (!scheduled) {
            scheduled = true;
            ctx.executor().execute(this);
        }
    }

    /** Decodes what was read, each read with its own stamp, then tells the pipeline the batch is complete. */
    @Override
    public void run() {
        scheduled = false;
        if (deliver()) {
            ctx.fireChannelReadComplete();
        }
    }

    /** Passes the queued reads on in order (reads queued meanwhile too); true when there were any. */
    private boolean deliver() {
        if (head == queued) {
            return false;
        }
        while (head < queued) {
            int i = head++;
            Object msg = reads[i];
            reads[i] = null;
            lastArrivalNanos = stamps[i];
            ctx.fireChannelRead(msg);
        }
        head = 0;
        queued = 0;
        return true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // fired by run() once the deferred reads were decoded
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        deliver();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        deliver();
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        deliver();
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (int i = head; i < queued; i++) {
            ReferenceCountUtil.release(reads[i]);
            reads[i] = null;
        }
        head = 0;
        queued = 0;
    }

    /** Arrival time of the read currently being decoded; 0 before the first. */
    public long lastArrivalNanos() {
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
