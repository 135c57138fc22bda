package dev.barrage.dashboard;

import dev.barrage.BarrageException;
import dev.barrage.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's HTTP server (Netty), on 127.0.0.1 unless {@code --host} says otherwise. Many
 * clients are served at once: one I/O thread takes requests in, a few page threads build the
 * pages ({@link Pages}). Hostile or stuck clients cost little: requests are capped in size, a
 * connection that does not send a whole request in time is closed ({@link RequestDeadline}), and
 * requests naming a host the dashboard does not serve are refused ({@link HostCheck}).
 */
public final class DashboardServer implements AutoCloseable {
    /** Enough for any URL the pages link to; a GET has no body. */
    private static final int MAX_REQUEST_LINE = 8192;
    private static final int MAX_HEADERS = 16384;
    private static final int MAX_BODY = 8192;
    private static final int PAGE_THREADS = 4;
    /** Requests waiting for a page thread; beyond this they are answered 503. */
    private static final int PAGE_QUEUE = 64;

    private final EventLoopGroup group;
    private final ExecutorService pageThreads;
    private final Channel serverChannel;
    private final String host;

    private DashboardServer(EventLoopGroup group, ExecutorService pageThreads, Channel serverChannel, String host) {
        this.group = group;
        this.pageThreads = pageThreads;
        this.serverChannel = serverChannel;
        this.host = host;
    }

    /** Starts serving {@code outputs} on 127.0.0.1:{@code port} (0 = any free port). */
    public static DashboardServer start(Path outputs, int port) {
        return start(DashboardConfig.loopback(outputs, port));
    }

    /** Starts serving; exit code 2 when the host or port cannot be listened on. */
    public static DashboardServer start(DashboardConfig config) {
        InetAddress address = resolve(config.host());
        Pages pages = new Pages(new RunIndex(config.outputs()));
        HostCheck hosts = new HostCheck(config.host(), address);
        ExecutorService pageThreads = new ThreadPoolExecutor(PAGE_THREADS, PAGE_THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(PAGE_QUEUE), new DefaultThreadFactory("barrage-dashboard-page", true));
        EventLoopGroup group = EventLoops.newGroup(1, "barrage-dashboard");
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(MAX_REQUEST_LINE, MAX_HEADERS, MAX_BODY),
                                new HttpObjectAggregator(MAX_BODY),
                                new RequestDeadline(config.requestTimeout()),
                                new DashboardHandler(pages, hosts, pageThreads));
                    }
                });
        try {
            Channel channel = bootstrap.bind(new InetSocketAddress(address, config.port())).sync().channel();
            return new DashboardServer(group, pageThreads, channel, config.host());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(group, pageThreads);
            throw BarrageException.invalidInput("Interrupted while starting the dashboard.");
        } catch (Exception e) {
            stop(group, pageThreads);
            throw BarrageException.invalidInput("Cannot listen on " + config.host() + ":" + config.port() + " ("
                    + e.getMessage() + "); choose another --port, or a --host that is an address of this machine.");
        }
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw BarrageException.invalidInput("Cannot listen on host '" + host + "': no such name; give --host an"
                    + " address of this machine (default 127.0.0.1).");
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The address to open: the --host as given, or 127.0.0.1 when listening on every interface. */
    public String url() {
        InetAddress bound = ((InetSocketAddress) serverChannel.localAddress()).getAddress();
        String name = bound.isAnyLocalAddress() ? "127.0.0.1"
                : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + name + ":" + port() + "/";
    }

    private static void stop(EventLoopGroup group, ExecutorService pageThreads) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        pageThreads.shutdownNow();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        stop(group, pageThreads);
    }
}
