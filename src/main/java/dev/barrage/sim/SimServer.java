package dev.barrage.sim;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.transport.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An LLM server simulator speaking OpenAI's chat/completions, completions, Responses, embeddings
 * and rerank APIs, Anthropic's Messages API and DashScope's native text generation: a Netty
 * HTTP/1.1 server whose replies follow the
 * continuous-batching timing model of {@link SimConfig}. Safe to embed: its threads are daemons
 * and {@link #close()} stops everything it started.
 *
 * <pre>{@code
 * try (SimServer sim = SimServer.start(SimConfig.builder().port(0).build())) {
 *     String url = sim.baseUrl() + "/v1/chat/completions";
 * }
 * }</pre>
 */
public final class SimServer implements AutoCloseable {
    private static final int ACCEPT_BACKLOG = 8192;

    private final SimEngine engine;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup openChannels;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimServer(SimEngine engine, EventLoopGroup group, Channel serverChannel, ChannelGroup openChannels) {
        this.engine = engine;
        this.group = group;
        this.serverChannel = serverChannel;
        this.openChannels = openChannels;
    }

    /**
     * Binds and starts serving; port 0 picks a free port.
     *
     * @throws BarrageException (invalid input) when the address cannot be bound, e.g. the port is in use
     */
    public static SimServer start(SimConfig config) {
        return start(config, PromptTokenCounter.approximate());
    }

    /**
     * As {@link #start(SimConfig)}, counting prompt tokens with {@code tokenCounter}. Before
     * binding, three synthetic requests run through the pipeline in memory ({@link SimWarmup}), so
     * class loading does not slow the first real requests.
     */
    public static SimServer start(SimConfig config, PromptTokenCounter tokenCounter) {
        SimWarmup.run(config, tokenCounter);
        SimEngine engine = new SimEngine(config, tokenCounter);
        EventLoopGroup group = EventLoops.newGroup(config.ioThreads(), "barrage-sim");
        ChannelGroup openChannels = new DefaultChannelGroup("barrage-sim", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new SimInitializer(engine, openChannels, System.currentTimeMillis() / 1000));
        try {
            Channel serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
            if (config.stallForS() > 0) {
                ServerFreeze.schedule(group, config.stallAtS(), config.stallForS());
            }
            return new SimServer(engine, group, serverChannel, openChannels);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new BarrageException(ExitCode.INTERRUPTED, "interrupted while starting the simulator");
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw bindFailure(config, e);
        }
    }

    private static BarrageException bindFailure(SimConfig config, Exception e) {
        String detail = String.valueOf(e.getMessage());
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("address already in use")) {
            return new BarrageException(ExitCode.INVALID_INPUT,
                    "port " + config.port() + " is already in use: pick another with --port", e);
        }
        if (lower.contains("permission denied")) {
            return new BarrageException(ExitCode.INVALID_INPUT, "not allowed to listen on port " + config.port()
                    + " (ports below 1024 need privileges): pick another with --port", e);
        }
        if (e instanceof UnresolvedAddressException || lower.contains("cannot assign requested address")
                || lower.contains("unresolved")) {
            return new BarrageException(ExitCode.INVALID_INPUT, "cannot listen on host '" + config.host()
                    + "': it is not an address of this machine; use --host 127.0.0.1 or 0.0.0.0", e);
        }
        String kind = e instanceof BindException ? "bind" : e.getClass().getSimpleName();
        return new BarrageException(ExitCode.INVALID_INPUT, "cannot listen on " + config.host() + ":" + config.port()
                + " (" + kind + ": " + detail + "): check --host and --port", e);
    }

    /**
     * Warms the request path of this JVM for {@code millis}, before a standalone server starts:
     * on in-memory channels, then over loopback on an ephemeral port of its own (never the
     * server's), so its first bursts are answered by compiled code. {@link #start} alone runs only a few requests, which embedded servers (tests, the
     * demo) make do with.
     *
     * @return the synthetic requests served
     */
    public static int warmUp(SimConfig config, PromptTokenCounter tokenCounter, long millis) {
        // handlers first, in memory (every API, streamed or not), then the socket path on real buffers
        int served = SimWarmup.runFor(config, tokenCounter, millis / 3);
        try {
            return served + LoopbackWarmup.run(config, tokenCounter, millis - millis / 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return served;
        }
    }

    /**
     * The bytes this simulator, with no delays, writes in answer to one request (head and body,
     * chunked when streamed). {@code requestHead} is the request line and headers, each ending in
     * CRLF, without Content-Length.
     */
    public static byte[] renderReply(SimConfig config, String requestHead, byte[] body) {
        return SimWarmup.render(config, requestHead, body);
    }

    /**
     * True when the simulator speaks {@code api} (an {@code --api} name of {@code barrage perf}):
     * openai, openai_responses, anthropic, dashscope, openai_embedding, openai_rerank.
     */
    public static boolean speaks(String api) {
        return ApiKind.isApiName(api);
    }

    /**
     * A path this simulator answers for the same API as the request path {@code uri}: {@code uri}
     * itself, or the simulator's route that {@code uri} ends with (behind a gateway prefix);
     * {@code null} when it serves no such API.
     */
    public static String pathServing(String uri) {
        return Route.servingPath(uri);
    }

    /** The bound port (the chosen one when started with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Where clients reach the server, e.g. {@code http://127.0.0.1:8801}; wildcard hosts map to loopback. */
    public String baseUrl() {
        String host = engine.config().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    public SimConfig config() {
        return engine.config();
    }

    /** A snapshot of the counters. */
    public SimStats stats() {
        return engine.stats();
    }

    /**
     * Stops accepting, closes every connection (open streams end abruptly) and shuts the event
     * loops down, waiting for them. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly();
        openChannels.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
