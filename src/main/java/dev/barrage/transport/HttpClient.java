package dev.barrage.transport;

import dev.barrage.Version;
import dev.barrage.api.ApiAdapter;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An event-loop HTTP/1.1 client for one target: a keep-alive connection pool that grows to the
 * number of requests in flight (the load model bounds that), TLS with the JVM's trust store, and
 * no thread per request.
 *
 * <p>Thread-safety: {@link #execute} may be called from any thread; everything else about a
 * request happens on its connection's I/O thread. {@link #cancelAll()} and {@link #close()} are
 * safe from any thread.
 */
public final class HttpClient implements AutoCloseable {
    /** Connections {@link #preconnect} opens at once. */
    static final int PRECONNECT_BATCH = 256;
    /** The longest {@link #preconnect} waits in all (the connect timeout defaults to hours). */
    static final long PRECONNECT_MAX_WAIT_MILLIS = 10_000;
    private final HttpTarget target;
    private final ClientOptions options;
    private final Bootstrap bootstrap;
    private final HttpHeaders baseHeaders;
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong connectionsOpened = new AtomicLong();
    /** The proxy requests go through, or {@code null} for a direct connection. */
    private final Proxies.Proxy proxy;
    private final RetryPolicy retryPolicy;
    private final Redactor redactor;
    /** Requests waiting for their next attempt; whoever removes one (timer or cancelAll) owns it. */
    private final Set<HttpExchange> waitingToRetry = ConcurrentHashMap.newKeySet();
    /**
     * Every request executed and not yet completed, wherever it is (queued for an I/O thread,
     * connecting, on a connection, waiting to retry): what {@link #abandonUnfinished} ends when a
     * stop must not wait any longer. One add and one remove per request, never per event.
     */
    private final Set<HttpExchange> unfinished = ConcurrentHashMap.newKeySet();
    /** No retry starts at or after this {@link System#nanoTime()} (the run's end); MAX_VALUE = none. */
    private volatile long retryDeadlineNanos = Long.MAX_VALUE;
    private volatile InetSocketAddress address;
    private volatile boolean cancelled;

    public HttpClient(EventLoopGroup group, HttpTarget target, ClientOptions options, ApiAdapter adapter) {
        this.target = target;
        this.options = options;
        this.proxy = options.proxies().proxyFor(target);
        this.retryPolicy = new RetryPolicy(options.retries(), options.totalTimeoutNanos());
        this.redactor = Redactor.of(options);
        this.baseHeaders = baseHeaders(target, options, adapter, proxy);
        Failures.preload();
        SslContext ssl = target.https() ? newSslContext() : null;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                // addresses are resolved once, off the I/O threads (see resolve()); a CONNECT
                // tunnel's target stays unresolved: the proxy resolves it
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .handler(new ClientInitializer(this, target, ssl, adapter, options));
    }

    private static SslContext newSslContext() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot initialise TLS: " + e.getMessage(), e);
        }
    }

    private static HttpHeaders baseHeaders(HttpTarget target, ClientOptions options, ApiAdapter adapter,
            Proxies.Proxy proxy) {
        boolean streaming = adapter.streaming();
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.HOST, target.hostHeader());
        h.set(HttpHeaderNames.USER_AGENT, "barrage/" + Version.get());
        h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        h.set(HttpHeaderNames.ACCEPT, streaming ? "text/event-stream" : "application/json");
        h.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
        // the API decides how the key travels (Bearer, x-api-key, ...); no key, no auth header
        adapter.headers(options.apiKey()).forEach(h::set);
        for (Map.Entry<String, String> e : options.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        if (proxy != null && !target.https() && proxy.username() != null) {
            // plain HTTP through a proxy: credentials ride on every request (a tunnel's go in CONNECT)
            h.set(HttpHeaderNames.PROXY_AUTHORIZATION, basic(proxy));
        }
        return h;
    }

    private static String basic(Proxies.Proxy proxy) {
        String pair = proxy.username() + ":" + proxy.password();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The proxy for an HTTPS target's CONNECT tunnel, or {@code null} when none is needed. */
    Proxies.Proxy tunnelProxy() {
        return target.https() ? proxy : null;
    }

    public HttpTarget target() {
        return target;
    }

    /** Number of TCP connections opened so far. */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /**
     * Sends the exchange's request. Its send time is taken here, and taken again just before the
     * request is written when it goes out on an already open connection: TTFT and latency then
     * start at the write, not including Barrage's own hand-over to the I/O thread; when a new
     * connection must be opened first, they start here and include the connection setup, as a
     * user would experience it.
     */
    public void execute(HttpExchange exchange) {
        exchange.sendNanos = System.nanoTime();
        exchange.startEpochMillis = System.currentTimeMillis();
        exchange.redactor = redactor;
        exchange.unfinished = unfinished;
        unfinished.add(exchange);
        dispatch(exchange, false);
    }

    void dispatch(HttpExchange exchange, boolean freshConnection) {
        if (cancelled) {
            exchange.complete(System.nanoTime(), ErrorType.INTERRUPTED, "stopped before it was sent");
            return;
        }
        exchange.attempts++;
        Channel ch = freshConnection ? null : pollIdle();
        if (ch != null) {
            Channel pooled = ch;
            try {
                pooled.eventLoop().execute(() -> beginOnPooled(pooled, exchange));
            } catch (RuntimeException rejected) { // the I/O threads are shutting down
                exchange.complete(System.nanoTime(), ErrorType.INTERRUPTED, "stopped before it was sent");
            }
            return;
        }
        InetSocketAddress remote;
        try {
            remote = connectAddress();
        } catch (UnknownHostException e) {
            String host = proxy != null ? "proxy host '" + proxy.host() + "'" : "host '" + target.host() + "'";
            finish(exchange, System.nanoTime(), ErrorType.UNKNOWN_HOST, "unknown " + host);
            return;
        }
        bootstrap.connect(remote).addListener((ChannelFutureListener) f -> {
            try {
                if (f.isSuccess()) {
                    handlerOf(f.channel()).begin(exchange, false);
                } else if (cancelled) {
                    exchange.complete(System.nanoTime(), ErrorType.INTERRUPTED, "stopped while connecting");
                } else {
                    Failures.Failure failure = Failures.ofConnect(f.cause(), target, proxy,
                            options.connectTimeoutMillis());
                    finish(exchange, System.nanoTime(), failure.type(), failure.message());
                }
            } catch (Throwable bug) {
                // Whatever went wrong, the exchange must complete: a run waits for every request it sent.
                f.channel().close();
                exchange.complete(System.nanoTime(), ErrorType.CLIENT_ERROR, "internal error while connecting: " + bug);
            }
        });
    }

    /**
     * Starts an exchange on a pooled connection, on its I/O thread. The connection was open when
     * it was taken from the pool on another thread; by now the server may have closed it (servers
     * such as llama.cpp close after each streamed reply while advertising keep-alive) and Netty
     * may have torn its pipeline down. The request was not sent, so it is not an attempt: it
     * takes another connection. Whatever else goes wrong here fails the exchange, so no request
     * can vanish with a task.
     */
    private void beginOnPooled(Channel pooled, HttpExchange exchange) {
        try {
            ExchangeHandler handler = handlerOf(pooled);
            if (handler == null || !pooled.isActive()) {
                pooled.close();
                exchange.attempts--;
                exchange.poolRaces++;
                dispatch(exchange, false);
                return;
            }
            handler.begin(exchange, true);
        } catch (Throwable bug) {
            pooled.close();
            exchange.complete(System.nanoTime(), ErrorType.CLIENT_ERROR, "internal error while sending: " + bug);
        }
    }

    /**
     * Where TCP connections go: the target, the proxy (plain HTTP through a proxy), or the
     * target's unresolved address, which the CONNECT handler replaces by the proxy's.
     */
    private InetSocketAddress connectAddress() throws UnknownHostException {
        if (proxy != null && target.https()) {
            resolve();
            return InetSocketAddress.createUnresolved(target.host(), target.port());
        }
        return resolve();
    }

    /**
     * The address of the target, or of the proxy when there is one; resolved once per client:
     * DNS must not run on an I/O thread, nor once per connection.
     */
    InetSocketAddress resolve() throws UnknownHostException {
        InetSocketAddress a = address;
        if (a == null) {
            a = proxy != null ? new InetSocketAddress(InetAddress.getByName(proxy.host()), proxy.port())
                    : new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
            address = a;
        }
        return a;
    }

    /**
     * Ends an attempt: a retryable failure ({@link RetryPolicy}) is sent again after its wait,
     * anything else completes the exchange. Called on an I/O thread.
     *
     * @param errorType {@code null} for a complete response
     */
    void finish(HttpExchange exchange, long nowNanos, String errorType, String message) {
        if (errorType != null && !cancelled) {
            long delay = retryPolicy.delayNanos(exchange, errorType, nowNanos);
            if (delay >= 0 && nowNanos + delay - retryDeadlineNanos < 0 && scheduleRetry(exchange, delay)) {
                return;
            }
        }
        if (errorType != null && exchange.attempts > 1) {
            message = message + " (attempt " + exchange.attempts + ")";
        }
        exchange.complete(nowNanos, errorType, message);
    }

    private boolean scheduleRetry(HttpExchange exchange, long delayNanos) {
        exchange.prepareRetry();
        waitingToRetry.add(exchange);
        try {
            bootstrap.config().group().schedule(() -> {
                if (waitingToRetry.remove(exchange)) {
                    dispatch(exchange, false);
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (RuntimeException rejected) { // the I/O threads are shutting down: no retry
            return !waitingToRetry.remove(exchange);
        }
    }

    /**
     * Sets the end of the run: a retry whose wait would end at or after it is not made, the
     * request completes with the failure of its last attempt instead.
     */
    public void retryDeadline(long nanoTime) {
        retryDeadlineNanos = nanoTime;
    }

    /** Requests executed and not completed yet. */
    public int unfinished() {
        return unfinished.size();
    }

    /**
     * The last resort of a stop: completes every request still unfinished after {@link #cancelAll}
     * had its chance, from the calling thread, as {@code errorType}. Completion is once-only, so a
     * request that an I/O thread completes at the same moment keeps that completion.
     *
     * @return how many requests this call completed
     */
    public int abandonUnfinished(String errorType, String message) {
        int n = 0;
        long now = System.nanoTime();
        for (HttpExchange ex : unfinished) {
            waitingToRetry.remove(ex);
            if (ex.complete(now, errorType, message)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Fails every request unfinished {@code marginNanos} past its total timeout as a client error:
     * its connection enforces that timeout, so such a request was lost by Barrage (a bug), and
     * the run must not wait for it forever.
     *
     * @return how many requests this call failed
     */
    public int abandonLost(long marginNanos) {
        int n = 0;
        long now = System.nanoTime();
        for (HttpExchange ex : unfinished) {
            // differences only: the total timeout may be "forever"
            if (now - ex.sendNanos - marginNanos > options.totalTimeoutNanos() && !waitingToRetry.contains(ex)
                    && ex.complete(now, ErrorType.CLIENT_ERROR, "lost by the client: no completion within the total"
                            + " timeout (a bug in Barrage; please report it)")) {
                n++;
            }
        }
        return n;
    }

    /**
     * Opens up to {@code count} connections before a run's clock starts and puts them in the
     * idle pool (TLS handshakes and proxy tunnels included), so the first requests of a run are
     * written at once on open connections, as those of a warm client pool are, instead of each
     * paying a TCP (and TLS) handshake while the whole first wave competes for the CPU. Opens at
     * most {@value #PRECONNECT_BATCH} at a time (a burst beyond a server's accept backlog costs
     * dropped SYNs and 1 s retransmits), and gives up after the connect timeout or
     * {@value #PRECONNECT_MAX_WAIT_MILLIS} ms, whichever is shorter; connections
     * that fail are simply not there, and requests open them on demand as usual.
     *
     * @return the connections that are open and idle
     */
    public int preconnect(int count) throws InterruptedException {
        InetSocketAddress remote;
        try {
            remote = connectAddress();
        } catch (UnknownHostException e) {
            return 0; // the first request reports it
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(options.connectTimeoutMillis(),
                PRECONNECT_MAX_WAIT_MILLIS));
        int opened = 0;
        for (int done = 0; done < count && !cancelled; done += PRECONNECT_BATCH) {
            List<Future<?>> ready = new ArrayList<>();
            for (int i = done; i < Math.min(count, done + PRECONNECT_BATCH); i++) {
                try {
                    ready.add(readyFuture(bootstrap.connect(remote)));
                } catch (RuntimeException e) {
                    break; // out of descriptors or ports: the requests will say so
                }
            }
            for (Future<?> f : ready) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !f.await(left, TimeUnit.NANOSECONDS)) {
                    return opened; // too slow: the rest connect on demand
                }
                if (f.isSuccess() && f.getNow() instanceof Channel ch && ch.isActive()) {
                    release(ch);
                    opened++;
                }
            }
        }
        return opened;
    }

    /** Completes with the channel once it can carry a request: connected, and TLS-handshaken when there is TLS. */
    private static Future<Channel> readyFuture(ChannelFuture connect) {
        Promise<Channel> ready = ImmediateEventExecutor.INSTANCE.newPromise();
        connect.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            SslHandler tls = f.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                ready.trySuccess(f.channel());
            } else {
                tls.handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        ready.trySuccess(f.channel());
                    } else {
                        f.channel().close();
                        ready.tryFailure(h.cause());
                    }
                });
            }
        });
        return ready;
    }

    /** The idle pool's connections, most recently used first (for tests). */
    List<Channel> idleChannelsForTest() {
        return List.copyOf(idle);
    }

    private Channel pollIdle() {
        for (Channel ch = idle.pollFirst(); ch != null; ch = idle.pollFirst()) {
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    private static ExchangeHandler handlerOf(Channel ch) {
        return ch.pipeline().get(ExchangeHandler.class);
    }

    void register(Channel ch) {
        connectionsOpened.incrementAndGet();
        channels.add(ch);
    }

    /** Returns a connection whose response completed cleanly; most recently used first. */
    void release(Channel ch) {
        if (!cancelled && ch.isActive()) {
            idle.offerFirst(ch);
        } else {
            ch.close();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    FullHttpRequest newRequest(HttpExchange exchange) {
        byte[] body = exchange.body();
        // through a plain-HTTP proxy the request line names the whole URL (absolute form)
        String uri = proxy != null && !target.https() ? target.url() : target.path();
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
                Unpooled.wrappedBuffer(body));
        req.headers().set(baseHeaders);
        String[] own = exchange.requestHeaders();
        if (own != null) {
            // a replayed trace record's own headers (e.g. a session id) go on top of the run's
            for (int i = 0; i + 1 < own.length; i += 2) {
                req.headers().set(own[i], own[i + 1]);
            }
        }
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return req;
    }

    /**
     * Ctrl-C: every request in flight completes at once as {@link ErrorType#INTERRUPTED}, later
     * {@link #execute} calls complete the same way, and all connections close.
     */
    public void cancelAll() {
        cancelled = true;
        for (HttpExchange waiting : waitingToRetry) {
            if (waitingToRetry.remove(waiting)) {
                waiting.complete(System.nanoTime(), ErrorType.INTERRUPTED, "stopped by the user while waiting to retry");
            }
        }
        for (Channel ch : channels) {
            ch.eventLoop().execute(() -> {
                ExchangeHandler h = handlerOf(ch);
                if (h != null) {
                    h.cancel();
                } else {
                    ch.close();
                }
            });
        }
    }

    /** Closes every connection; requests still in flight fail as closed connections. */
    @Override
    public void close() {
        cancelled = true;
        idle.clear();
        channels.close().awaitUninterruptibly();
    }
}
