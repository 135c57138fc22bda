package dev.barrage.sim;

import dev.barrage.transport.ArrivalStampHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The pipeline of every accepted connection: HTTP/1.1 codec, body aggregation (64 MiB, larger is
 * answered 413), then the simulator's per-connection handler.
 */
final class SimInitializer extends ChannelInitializer<SocketChannel> {
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    /** Name of the HTTP codec in the pipeline; streamed events are written below it. */
    static final String HTTP_CODEC = "http";

    private final SimEngine engine;
    private final ChannelGroup openChannels;
    private final long startedEpochSeconds;

    SimInitializer(SimEngine engine, ChannelGroup openChannels, long startedEpochSeconds) {
        this.engine = engine;
        this.openChannels = openChannels;
        this.startedEpochSeconds = startedEpochSeconds;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // tracked so close() can end open streams; the group drops channels as they close
        openChannels.add(channel);
        addHandlers(channel.pipeline(), engine, startedEpochSeconds);
    }

    /** The simulator's handlers, also used by {@link SimWarmup} on an embedded channel. */
    static void addHandlers(ChannelPipeline pipeline, SimEngine engine, long startedEpochSeconds) {
        ArrivalStampHandler stamp = new ArrivalStampHandler();
        pipeline.addLast("stamp", stamp);
        pipeline.addLast(HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast("aggregator", new BodyAggregator(MAX_BODY_BYTES));
        pipeline.addLast("sim", new SimRequestHandler(engine, startedEpochSeconds, stamp));
    }
}
