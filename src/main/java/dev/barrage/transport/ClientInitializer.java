package dev.barrage.transport;

import dev.barrage.api.ApiAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The client pipeline, in order: arrival stamp first (so decoding never delays a timestamp),
 * the CONNECT handler when an HTTPS target is reached through a proxy, optional TLS, the HTTP
 * codec, then the exchange logic. No aggregator: responses are consumed chunk by chunk as they
 * arrive. No decompressor either, since requests say {@code Accept-Encoding: identity}; the
 * exchange logic puts one ({@link ContentDecoding}) after the codec when a server compresses
 * anyway.
 */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {
    /** The HTTP codec's name in the pipeline. */
    static final String HTTP_CODEC = "http";

    private final HttpClient client;
    private final HttpTarget target;
    private final SslContext ssl;
    private final ApiAdapter adapter;
    private final ClientOptions options;

    ClientInitializer(HttpClient client, HttpTarget target, SslContext ssl, ApiAdapter adapter, ClientOptions options) {
        this.client = client;
        this.target = target;
        this.ssl = ssl;
        this.adapter = adapter;
        this.options = options;
    }

    private HttpProxyHandler proxyHandler(Proxies.Proxy tunnel) {
        InetSocketAddress proxyAddress;
        try {
            proxyAddress = client.resolve();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("resolved before connecting", e);
        }
        HttpProxyHandler handler = tunnel.username() != null
                ? new HttpProxyHandler(proxyAddress, tunnel.username(), tunnel.password())
                : new HttpProxyHandler(proxyAddress);
        handler.setConnectTimeoutMillis(options.connectTimeoutMillis());
        return handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        client.register(ch);
        ChannelPipeline p = ch.pipeline();
        ArrivalStampHandler stamp = new ArrivalStampHandler();
        p.addLast("stamp", stamp);
        Proxies.Proxy tunnel = client.tunnelProxy();
        if (tunnel != null) {
            // CONNECT first; TLS then runs inside the tunnel (its writes wait in the proxy handler)
            p.addLast("proxy", proxyHandler(tunnel));
        }
        if (ssl != null) {
            SslHandler tls = ssl.newHandler(ch.alloc(), target.host(), target.port());
            SSLEngine engine = tls.engine();
            SSLParameters params = engine.getSSLParameters();
            // Netty 4.2 verifies host names by default too; said here so that cannot change unseen.
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
            p.addLast("tls", tls);
        }
        p.addLast(HTTP_CODEC, new HttpClientCodec(4096, 16384, 65536));
        p.addLast("exchange", new ExchangeHandler(stamp, client, adapter, options));
    }
}
