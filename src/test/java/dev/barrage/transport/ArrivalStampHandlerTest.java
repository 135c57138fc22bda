package dev.barrage.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads are stamped as they arrive and decoded later, in order, each with its own stamp; other
 * inbound events never overtake the reads queued before them.
 */
class ArrivalStampHandlerTest {
    /** What the rest of the pipeline saw: each read's text with the stamp current while it was decoded. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final ArrivalStampHandler stamp;
        final List<String> events = new ArrayList<>();
        final List<Long> stamps = new ArrayList<>();

        Recorder(ArrivalStampHandler stamp) {
            this.stamp = stamp;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            events.add(b.toString(StandardCharsets.US_ASCII));
            stamps.add(stamp.lastArrivalNanos());
            b.release();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            events.add("complete");
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            events.add("inactive");
        }
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void readsAreStampedAtOnceAndDecodedAfterTheBatchInOrder() throws Exception {
        ArrivalStampHandler stamp = new ArrivalStampHandler();
        Recorder rec = new Recorder(stamp);
        EmbeddedChannel ch = new EmbeddedChannel(stamp, rec);
        stamp.mark();
        long before = System.nanoTime();
        ch.pipeline().fireChannelRead(text("a"));
        Thread.sleep(5);
        ch.pipeline().fireChannelRead(text("b"));
        long afterReads = System.nanoTime();
        assertThat(rec.events).as("nothing decoded while the loop is still reading").isEmpty();
        ch.pipeline().fireChannelReadComplete();
        assertThat(stamp.firstArrivalSinceMarkNanos()).isBetween(before, afterReads);

        Thread.sleep(5);
        ch.runPendingTasks();
        assertThat(rec.events).containsExactly("a", "b", "complete");
        // each read carries the time it was read, not the time it was decoded
        assertThat(rec.stamps.get(0)).isEqualTo(stamp.firstArrivalSinceMarkNanos());
        assertThat(rec.stamps.get(1)).isGreaterThanOrEqualTo(rec.stamps.get(0) + 5_000_000L).isLessThanOrEqualTo(afterReads);
        ch.finishAndReleaseAll();
    }

    @Test
    void aClosedConnectionDeliversItsQueuedReadsFirst() {
        ArrivalStampHandler stamp = new ArrivalStampHandler();
        Recorder rec = new Recorder(stamp);
        EmbeddedChannel ch = new EmbeddedChannel(stamp, rec);
        ch.pipeline().fireChannelRead(text("last chunk"));
        ch.pipeline().fireChannelInactive();
        assertThat(rec.events).startsWith("last chunk", "inactive");
        ch.runPendingTasks();
        assertThat(rec.events).doesNotContain("complete"); // nothing was left to deliver
        ch.finishAndReleaseAll();
    }

    @Test
    void aRemovedHandlerReleasesWhatItHeld() {
        ArrivalStampHandler stamp = new ArrivalStampHandler();
        EmbeddedChannel ch = new EmbeddedChannel(stamp);
        ByteBuf held = text("never decoded");
        ch.pipeline().fireChannelRead(held);
        ch.pipeline().remove(stamp);
        assertThat(held.refCnt()).isZero();
        ch.finishAndReleaseAll();
    }

    @Test
    void manyReadsOfOneBatchKeepTheirOrder() {
        ArrivalStampHandler stamp = new ArrivalStampHandler();
        Recorder rec = new Recorder(stamp);
        EmbeddedChannel ch = new EmbeddedChannel(stamp, rec);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add("r" + i);
            ch.pipeline().fireChannelRead(text("r" + i));
        }
        ch.runPendingTasks();
        sent.add("complete");
        assertThat(rec.events).isEqualTo(sent);
        for (int i = 1; i < 100; i++) {
            assertThat(rec.stamps.get(i)).isGreaterThanOrEqualTo(rec.stamps.get(i - 1));
        }
        ch.finishAndReleaseAll();
    }
}
