package dev.barrage.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Chooses the Netty transport once for client and simulator alike.
 *
 * <p>Native epoll is preferred because its scheduled tasks fire from a timerfd with microsecond
 * resolution; the NIO fallback rounds every timed wait up to the next millisecond, which would
 * show up as up to 1 ms of error in the simulator's token timing.
 */
public final class EventLoops {
    private static final boolean EPOLL = Epoll.isAvailable();

    private EventLoops() {
    }

    /** True when the native epoll transport is in use. */
    public static boolean nativeTransport() {
        return EPOLL;
    }

    /** A transport name for run metadata, e.g. "epoll" or "nio". */
    public static String transportName() {
        return EPOLL ? "epoll" : "nio";
    }

    /**
     * An event-loop group of {@code threads} daemon threads named {@code name-N}.
     *
     * @param threads number of I/O threads, at least 1
     */
    public static EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
