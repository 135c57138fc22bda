package dev.barrage.sim;

import dev.barrage.transport.ArrivalStampHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Routes the requests of one connection and runs at most one generation at a time on it. HTTP/1.1
 * pipelined requests wait in arrival order until the current reply has ended, so responses go out
 * in request order. One instance per channel (not sharable); everything runs on its event loop.
 */
final class SimRequestHandler extends ChannelInboundHandlerAdapter {
    private final SimEngine engine;
    private final long startedEpochSeconds;
    private final ArrayDeque<FullHttpRequest> pipelined = new ArrayDeque<>();
    private Sequence active;
    /** A response that ends the connection has been written; later requests are dropped. */
    private boolean closing;

    private final ArrivalStampHandler stamp;
    /** When the request being dispatched was complete: its last read, or when it left the pipelining queue. */
    private long receivedNanos;

    SimRequestHandler(SimEngine engine, long startedEpochSeconds, ArrivalStampHandler stamp) {
        this.engine = engine;
        this.startedEpochSeconds = startedEpochSeconds;
        this.stamp = stamp;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (active != null) {
            pipelined.add(request);
            return;
        }
        try {
            receivedNanos = stamp.lastArrivalNanos() != 0 ? stamp.lastArrivalNanos() : System.nanoTime();
            dispatch(ctx, request);
        } finally {
            request.release();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            respond(ctx, HttpResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "Malformed HTTP request: " + request.decoderResult().cause().getMessage(), false), false);
            return;
        }
        Route route = Route.of(request.uri());
        if (route != null && route.kind() != null && !engine.config().serves(route.kind())) {
            route = null; // an API this simulator was told not to speak (barrage sim --api ...)
        }
        if (route == null) {
            respond(ctx, HttpResponses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND,
                    "Not found: " + request.uri(), keepAlive), keepAlive);
        } else if (!route.method().equals(request.method())) {
            FullHttpResponse response = HttpResponses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "Method " + request.method() + " is not allowed on " + route.path() + "; use " + route.method(),
                    keepAlive);
            response.headers().set(HttpHeaderNames.ALLOW, route.method().name());
            respond(ctx, response, keepAlive);
        } else if (route.kind() != null) {
            generate(ctx, route.kind(), request, keepAlive);
        } else if (route == Route.MODELS) {
            respond(ctx, HttpResponses.json(ctx.alloc(), HttpResponseStatus.OK, modelList(), keepAlive), keepAlive);
        } else if (route == Route.METRICS) {
            respond(ctx, HttpResponses.prometheus(ctx.alloc(), engine.metricsPage(), keepAlive), keepAlive);
        } else {
            respond(ctx, HttpResponses.empty(HttpResponseStatus.OK, keepAlive), keepAlive);
        }
    }

    private void generate(ChannelHandlerContext ctx, ApiKind kind, FullHttpRequest httpRequest, boolean keepAlive) {
        if (!ctx.channel().isActive()) {
            return; // channelInactive has run already: nothing would ever cancel this sequence
        }
        GenerationRequest request;
        try {
            request = engine.parser().parse(kind, httpRequest.content(), asksForStream(httpRequest)
                    || kind == ApiKind.TRTLLM && httpRequest.uri().contains("/generate_stream"));
        } catch (BadRequestException e) {
            respond(ctx, HttpResponses.error(ctx.alloc(), e.status(), e.getMessage(), keepAlive), keepAlive);
            return;
        }
        long number = engine.counters().requestReceived();
        Fault fault = engine.faults().pick(number);
        if (fault != null && answerWithoutGenerating(ctx, fault, keepAlive)) {
            return;
        }
        String model = request.model() != null ? request.model() : engine.config().model();
        // embeddings and rerank answer once, after the prefill: one "token" that carries no text
        ReplyPlan plan = kind.generates() ? engine.planner().plan(request) : ReplyPlan.single();
        if (fault != null && fault.kind() == Fault.Kind.ENDLESS) {
            plan = ReplyPlan.endless(plan.reasoningTokens());
        }
        Reply reply = new Reply(request, plan, number, System.currentTimeMillis() / 1000, model, keepAlive, fault);
        ReplyWriter writer = request.stream() ? new StreamingReplyWriter(ctx, reply, engine.config().stampEvents(),
                engine.config().earlyRoleChunk())
                : new BufferedReplyWriter(ctx, reply);
        active = new Sequence(ctx.executor(), reply, writer, engine, receivedNanos, lastWrite -> {
            active = null;
            if (endsConnection(keepAlive)) {
                closing = true;
                lastWrite.addListener(ChannelFutureListener.CLOSE);
                releasePipelined();
            } else if (!pipelined.isEmpty()) {
                // off the finishing sequence's stack: the next reply starts from a clean call
                ctx.executor().execute(() -> servePipelined(ctx));
            }
        });
        if (reply.has(Fault.Kind.STALL_HEADERS)) {
            ctx.executor().schedule(active::start, fault.valueNanos(), TimeUnit.NANOSECONDS);
        } else {
            active.start();
        }
    }

    /** DashScope's clients ask for a stream in a header rather than in the body. */
    private static boolean asksForStream(FullHttpRequest request) {
        String sse = request.headers().get("X-DashScope-SSE");
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        return "enable".equalsIgnoreCase(sse) || accept != null && accept.contains("text/event-stream");
    }

    /** Faults that replace the reply: an error status, or a dropped connection. True when handled. */
    private boolean answerWithoutGenerating(ChannelHandlerContext ctx, Fault fault, boolean keepAlive) {
        switch (fault.kind()) {
            case STATUS, STATUS_TEXT -> {
                respond(ctx, FaultResponses.status(ctx.alloc(), fault, engine.config().retryAfterS(), keepAlive),
                        keepAlive);
                return true;
            }
            case DROP -> {
                closing = true;
                ctx.close();
                releasePipelined();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void servePipelined(ChannelHandlerContext ctx) {
        while (active == null && !closing && !pipelined.isEmpty()) {
            FullHttpRequest next = pipelined.poll();
            try {
                // a pipelined request waited for the one before it: its time starts now
                receivedNanos = System.nanoTime();
                dispatch(ctx, next);
            } finally {
                next.release();
            }
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (endsConnection(keepAlive)) {
            closing = true;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            releasePipelined();
        } else {
            ctx.writeAndFlush(response, ctx.voidPromise());
        }
    }

    /** closeAfterResponse closes even though keep-alive was announced, as llama.cpp's server does. */
    private boolean endsConnection(boolean keepAlive) {
        return !keepAlive || engine.config().closeAfterResponse();
    }

    private ObjectNode modelList() {
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("object", "list");
        ObjectNode model = root.putArray("data").addObject();
        model.put("id", engine.config().model());
        model.put("object", "model");
        model.put("created", startedEpochSeconds);
        model.put("owned_by", "barrage-sim");
        return root;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (active != null) {
            active.cancel();
            active = null;
        }
        releasePipelined();
        super.channelInactive(ctx);
    }

    private void releasePipelined() {
        FullHttpRequest request;
        while ((request = pipelined.poll()) != null) {
            request.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset connection or a protocol error; either way this connection is done
        ctx.close();
    }
}
