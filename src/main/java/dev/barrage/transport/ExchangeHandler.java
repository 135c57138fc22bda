package dev.barrage.transport;

import dev.barrage.api.ApiAdapter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs one exchange at a time on its connection: writes the request, routes the response to the
 * SSE parser or the body buffer, enforces the read and total timeouts, and completes the exchange.
 *
 * <p>One instance per channel; every method runs on the channel's I/O thread. A request that
 * fails on a reused keep-alive connection before any response byte arrived is sent once more on
 * a fresh connection (servers such as llama.cpp close idle keep-alive connections while still
 * advertising keep-alive); every other failure closes the connection and completes the exchange.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter implements SseParser.Listener {
    /** Enough of an error body to carry the server's message. */
    private static final int MAX_ERROR_BODY_BYTES = 64 << 10;

    private final ArrivalStampHandler clock;
    private final HttpClient client;
    private final ApiAdapter adapter;
    private final ClientOptions options;
    private final SseParser sse;
    /** The decompressor, put into the pipeline by the first compressed response; {@code null} before. */
    private ContentDecoding decoding;
    private ChannelHandlerContext ctx;

    private HttpExchange current;
    /** The head read for the current exchange was an interim (1xx) response; its empty end follows. */
    private boolean inInterim;
    /** An interim response came before this exchange's real one: its first byte is the real head's. */
    private boolean interimSeen;
    private int served;
    private boolean reused;
    private boolean keepAlive;
    private boolean statusOk;
    /** A stream was asked for, and a 2xx answer came with a content type that is neither SSE nor JSON. */
    private boolean wrongType;
    private String contentType;
    private byte[] body = new byte[4096];
    private int bodyLength;
    private long lastActivityNanos;
    private ScheduledFuture<?> totalTimer;
    private ScheduledFuture<?> readTimer;

    ExchangeHandler(ArrivalStampHandler clock, HttpClient client, ApiAdapter adapter, ClientOptions options) {
        this.clock = clock;
        this.client = client;
        this.adapter = adapter;
        this.options = options;
        this.sse = new SseParser(this, options.maxEventBytes());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts {@code exchange} on this connection.
     *
     * @param restampSend true when the request did not wait for this connection to be opened: its
     *                    send time becomes now, right before the write
     */
    void begin(HttpExchange exchange, boolean restampSend) {
        if (client.cancelled()) {
            client.release(ctx.channel());
            exchange.complete(System.nanoTime(), ErrorType.INTERRUPTED, "stopped before it was sent");
            return;
        }
        current = exchange;
        reused = served > 0;
        served++;
        keepAlive = true;
        statusOk = false;
        wrongType = false;
        inInterim = false;
        interimSeen = false;
        bodyLength = 0;
        sse.reset();
        clock.mark();
        long now = System.nanoTime();
        if (restampSend && exchange.attempts == 1) {
            exchange.sendNanos = now;
        }
        lastActivityNanos = now;
        long totalLeft = options.totalTimeoutNanos() - (now - exchange.sendNanos);
        totalTimer = ctx.executor().schedule(this::onTotalTimeout, Math.max(0, totalLeft), TimeUnit.NANOSECONDS);
        if (options.readTimeoutNanos() > 0) {
            readTimer = ctx.executor().schedule(this::onReadTimer, options.readTimeoutNanos(), TimeUnit.NANOSECONDS);
        }
        ctx.writeAndFlush(client.newRequest(exchange)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess() && current == exchange) {
                connectionLost(Failures.ofConnection(f.cause()));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpObject http) {
                onHttpObject(http);
            }
        } catch (RuntimeException | Error bug) {
            failOnBug("reading the response", bug);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A bug in Barrage (an adapter, a parser, this class) while handling the current exchange:
     * the exchange fails with the reason, and the connection, whose state is now unknown, closes.
     * Without this the exception would end the I/O task and the request would never complete.
     */
    private void failOnBug(String doing, Throwable bug) {
        HttpExchange ex = current;
        current = null;
        cancelTimers();
        ctx.close();
        if (ex != null) {
            client.finish(ex, System.nanoTime(), ErrorType.CLIENT_ERROR, "internal error while " + doing + ": " + bug);
        }
    }

    private void onHttpObject(HttpObject msg) {
        HttpExchange ex = current;
        if (ex == null) {
            // Bytes nobody asked for: the connection is out of step, never reuse it.
            ctx.close();
            return;
        }
        long now = clock.lastArrivalNanos();
        lastActivityNanos = now;
        if (msg.decoderResult().isFailure()) {
            Throwable cause = msg.decoderResult().cause();
            if (clock.firstArrivalSinceMarkNanos() == 0) {
                connectionLost(Failures.ofConnection(cause));
            } else if (msg instanceof HttpResponse) {
                end(now, ErrorType.BAD_RESPONSE, "the response head could not be parsed: "
                        + Failures.rootMessage(cause), false);
            } else {
                end(now, ErrorType.CONNECTION_CLOSED, "the response was cut off: " + Failures.rootMessage(cause),
                        false);
            }
            return;
        }
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            if (code == 101) {
                end(now, ErrorType.BAD_RESPONSE, "the server switched protocols (101 " + response.headers().get(
                        HttpHeaderNames.UPGRADE, "no Upgrade header") + ") though Barrage asked for none", false);
                return;
            }
            if (code >= 100 && code < 200) {
                // An interim response (100 Continue, 102 Processing, 103 Early Hints, ...): not
                // the answer, which follows on the same connection. Taken for the answer, it would
                // shift every later response on this connection onto the wrong request.
                inInterim = true;
                interimSeen = true;
                ex.interimResponses++;
                return;
            }
            if (decoding == null && encoded(response)) {
                // The first compressed response on this connection: the decompressor goes in after
                // the codec, and the head is passed through it again, which brings it back here
                // decoded. Identity responses, nearly all, never pay for a decompressor.
                decoding = new ContentDecoding();
                ctx.pipeline().addAfter(ClientInitializer.HTTP_CODEC, "decompress", decoding);
                ctx.pipeline().context(ClientInitializer.HTTP_CODEC).fireChannelRead(ReferenceCountUtil.retain(msg));
                return;
            }
            onResponse(ex, response, now);
            if (current != ex) {
                return;
            }
        } else if (inInterim) {
            inInterim = false; // the interim response's empty end (Netty's decoder adds one)
            return;
        }
        if (msg instanceof HttpContent content) {
            onContent(ex, content.content(), now);
            if (current == ex && msg instanceof LastHttpContent) {
                finish(ex, now);
            }
        }
    }

    private void onResponse(HttpExchange ex, HttpResponse response, long now) {
        long firstRead = clock.firstArrivalSinceMarkNanos();
        ex.firstByteNanos = firstRead != 0 && !interimSeen ? firstRead : now;
        ex.statusCode = response.status().code();
        statusOk = ex.statusCode >= 200 && ex.statusCode < 300;
        keepAlive = HttpUtil.isKeepAlive(response);
        if (ex.captureHeaders()) {
            ex.responseHeaders = response.headers().copy();
        }
        ex.serverRequestId = response.headers().get(ex.idHeaderName());
        if (ex.statusCode == 429 || ex.statusCode == 503) {
            ex.retryAfterNanos = RetryPolicy.retryAfterNanos(response.headers(), System.currentTimeMillis());
        }
        contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        // The decompressor removes the header of every encoding it decoded: what is left, it cannot.
        if (encoded(response)) {
            end(now, ErrorType.BAD_RESPONSE, "the server sent Content-Encoding '" + response.headers().get(
                    HttpHeaderNames.CONTENT_ENCODING).trim() + "', which Barrage cannot decode (it asked for identity;"
                    + " gzip, deflate and snappy are decoded)", false);
            return;
        }
        ex.contentEncoding = decoding != null ? decoding.takeDecoded() : null;
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean eventStream = type.startsWith("text/event-stream");
        ex.sse = statusOk && eventStream;
        // a JSON body is a server that ignored "stream": parsed as a whole reply; anything else is wrong
        wrongType = statusOk && adapter.streaming() && !eventStream && !type.contains("json");
    }

    private static boolean encoded(HttpResponse response) {
        String encoding = response.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        return encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity");
    }

    private void onContent(HttpExchange ex, ByteBuf content, long now) {
        if (!content.isReadable()) {
            return;
        }
        if (ex.sse) {
            boolean endedBefore = ex.state().streamEnded();
            sse.feed(content, now);
            if (sse.error() != null) {
                if (endedBefore || ex.state().streamEnded()) {
                    // unreadable bytes after the end: the result stands; the parser's state is reset
                    ex.state().countEventAfterEnd();
                    sse.reset();
                } else {
                    end(now, ErrorType.BAD_RESPONSE, sse.error(), false);
                }
            }
        } else {
            boolean reply = statusOk && !wrongType;
            int limit = reply ? options.maxBodyBytes() : MAX_ERROR_BODY_BYTES;
            if (!appendBody(content, limit) && reply) {
                end(now, ErrorType.BAD_RESPONSE, "the response body exceeds " + limit + " bytes", false);
            }
        }
    }

    /** Appends up to {@code limit} bytes in all; returns false when bytes had to be dropped. */
    private boolean appendBody(ByteBuf content, int limit) {
        int n = Math.min(content.readableBytes(), limit - bodyLength);
        if (n > 0) {
            if (bodyLength + n > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
            }
            content.getBytes(content.readerIndex(), body, bodyLength, n);
            bodyLength += n;
        }
        return n == content.readableBytes();
    }

    @Override
    public void onEvent(String eventType, byte[] data, int length, long arrivalNanos) {
        HttpExchange ex = current;
        if (ex == null) {
            return;
        }
        if (ex.state().streamEnded()) {
            // after data: [DONE] (or the API's own end) the stream is over: counted, never read
            ex.state().countEventAfterEnd();
            return;
        }
        adapter.onEvent(data, length, arrivalNanos, ex.state());
    }

    private void finish(HttpExchange ex, long now) {
        if (!statusOk) {
            String message = "HTTP " + ex.statusCode + ": " + adapter.errorMessage(body, bodyLength);
            end(now, ErrorType.HTTP_ERROR, message, true);
            return;
        }
        if (wrongType) {
            String message = "asked for a stream (text/event-stream) but the server sent "
                    + (contentType == null ? "no Content-Type" : "Content-Type '" + contentType + "'") + ": "
                    + adapter.errorMessage(body, bodyLength);
            end(now, ErrorType.WRONG_CONTENT_TYPE, message, true);
            return;
        }
        if (ex.sse) {
            sse.finish(now);
        } else {
            adapter.onBody(body, bodyLength, ex.state());
        }
        ex.emptyReply = adapter.repliesWithText() && ex.state().tokenEvents() == 0 && !ex.state().hasText()
                && ex.state().completionTokens() <= 0;
        if (body.length > 1 << 20) {
            body = new byte[4096];
        }
        end(now, null, null, true);
    }

    /**
     * Completes the current exchange. The connection goes back to the pool first, so the request
     * this completion releases can reuse it at once.
     */
    private void end(long now, String errorType, String message, boolean responseComplete) {
        HttpExchange ex = current;
        current = null;
        if (ex.firstByteNanos == 0) {
            ex.firstByteNanos = clock.firstArrivalSinceMarkNanos();
        }
        cancelTimers();
        if (responseComplete && keepAlive) {
            client.release(ctx.channel());
        } else {
            ctx.close();
        }
        client.finish(ex, now, errorType, message);
    }

    private void connectionLost(Failures.Failure failure) {
        HttpExchange ex = current;
        // Stale only if not a single byte came back: a server that answered (even garbage) saw the request.
        boolean staleKeepAlive = reused && clock.firstArrivalSinceMarkNanos() == 0 && !ex.reconnected
                && !client.cancelled();
        if (!staleKeepAlive) {
            end(System.nanoTime(), failure.type(), failure.message(), false);
            return;
        }
        current = null;
        cancelTimers();
        ctx.close();
        ex.reconnected = true;
        client.dispatch(ex, true);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            connectionLost(new Failures.Failure(ErrorType.CONNECTION_CLOSED,
                    clock.firstArrivalSinceMarkNanos() == 0 ? "the server closed the connection before responding"
                            : "the server closed the connection mid-response"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (current != null && Failures.find(cause, DecompressionException.class) != null) {
            end(System.nanoTime(), ErrorType.BAD_RESPONSE, "the compressed response could not be decoded: "
                    + Failures.rootMessage(cause), false);
        } else if (current != null) {
            connectionLost(Failures.ofConnection(cause));
        } else {
            ctx.close();
        }
    }

    /** Ctrl-C: fail what is in flight on this connection, and close it. */
    void cancel() {
        if (current != null) {
            end(System.nanoTime(), ErrorType.INTERRUPTED, "stopped by the user before it completed", false);
        } else {
            ctx.close();
        }
    }

    private void onTotalTimeout() {
        if (current != null) {
            end(System.nanoTime(), ErrorType.TOTAL_TIMEOUT, "no complete response within "
                    + seconds(options.totalTimeoutNanos()) + " s (--total-timeout)", false);
        }
    }

    private void onReadTimer() {
        if (current == null) {
            return;
        }
        long silentNanos = System.nanoTime() - lastActivityNanos;
        if (silentNanos >= options.readTimeoutNanos()) {
            end(System.nanoTime(), ErrorType.READ_TIMEOUT, "the server sent nothing for "
                    + seconds(options.readTimeoutNanos()) + " s (--read-timeout)", false);
        } else {
            readTimer = ctx.executor().schedule(this::onReadTimer, options.readTimeoutNanos() - silentNanos,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void cancelTimers() {
        if (totalTimer != null) {
            totalTimer.cancel(false);
            totalTimer = null;
        }
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.3f", s);
    }
}
