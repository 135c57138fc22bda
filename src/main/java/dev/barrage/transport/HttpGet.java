package dev.barrage.transport;

import dev.barrage.Version;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.resolver.NoopAddressResolverGroup;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One small GET off the measured path (e.g. {@code /v1/models} for run metadata): aggregated,
 * one connection, closed afterwards; through the same proxy as the requests, and with the
 * client's credentials masked in the body (servers echo them in errors).
 */
public final class HttpGet {
    private HttpGet() {
    }

    /** Status and body of a GET. */
    public record Result(int status, String body) {
    }

    /** Resolves the host (or the proxy) on the calling thread, never on an I/O thread, then GETs. */
    public static CompletableFuture<Result> fetch(EventLoopGroup group, HttpTarget target, ClientOptions options,
            int timeoutMillis) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Redactor redactor = Redactor.of(options);
        Proxies.Proxy proxy = options.proxies().proxyFor(target);
        InetSocketAddress remote;
        InetSocketAddress proxyAddress;
        SslContext tls;
        try {
            // resolved here, on the caller's thread: never on an I/O thread
            proxyAddress = proxy == null ? null : new InetSocketAddress(InetAddress.getByName(proxy.host()), proxy.port());
            remote = proxy == null ? new InetSocketAddress(InetAddress.getByName(target.host()), target.port())
                    : target.https() ? InetSocketAddress.createUnresolved(target.host(), target.port()) : proxyAddress;
            tls = target.https() ? SslContextBuilder.forClient().build() : null;
        } catch (UnknownHostException | SSLException e) {
            result.completeExceptionally(e);
            return result;
        }
        Bootstrap b = new Bootstrap().group(group).channel(EventLoops.socketChannel())
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (proxy != null && target.https()) {
                            ch.pipeline().addLast(proxy.username() != null
                                    ? new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password())
                                    : new HttpProxyHandler(proxyAddress));
                        }
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), target.host(), target.port()));
                        }
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeoutMillis, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast(new HttpClientCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(4 << 20));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                // servers echo credentials in error bodies: never let them reach a file
                                result.complete(new Result(msg.status().code(),
                                        redactor.redact(msg.content().toString(StandardCharsets.UTF_8))));
                                ctx.close();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                result.completeExceptionally(cause);
                                ctx.close();
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                result.completeExceptionally(new IllegalStateException("connection closed"));
                            }
                        });
                    }
                });
        b.connect(remote).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            boolean absoluteForm = proxy != null && !target.https();
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    absoluteForm ? target.url() : target.path());
            req.headers().set(HttpHeaderNames.HOST, target.hostHeader());
            req.headers().set(HttpHeaderNames.USER_AGENT, "barrage/" + Version.get());
            req.headers().set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (options.apiKey() != null) {
                req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + options.apiKey());
            }
            for (Map.Entry<String, String> e : options.headers().entrySet()) {
                req.headers().set(e.getKey(), e.getValue());
            }
            if (absoluteForm && proxy.username() != null) {
                String pair = proxy.username() + ":" + proxy.password();
                req.headers().set(HttpHeaderNames.PROXY_AUTHORIZATION,
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            f.channel().writeAndFlush(req);
        });
        return result.orTimeout(timeoutMillis * 2L, TimeUnit.MILLISECONDS);
    }
}
