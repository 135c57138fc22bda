package dev.barrage.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A non-streamed reply: nothing is sent until the whole generation time has passed, then one JSON
 * body with Content-Length. Runs on the channel's event loop.
 */
final class BufferedReplyWriter implements ReplyWriter {
    private final ChannelHandlerContext ctx;
    private final Reply reply;

    BufferedReplyWriter(ChannelHandlerContext ctx, Reply reply) {
        this.ctx = ctx;
        this.reply = reply;
    }

    @Override
    public void begin() {
    }

    @Override
    public void admitted() {
    }

    @Override
    public void token(int tokenIndex) {
    }

    @Override
    public ChannelFuture finish() {
        byte[] body = HttpResponses.toBytes(body());
        if (reply.has(Fault.Kind.MALFORMED)) {
            body = java.util.Arrays.copyOf(body, body.length / 2);
        }
        FullHttpResponse response = HttpResponses.json(ctx.alloc(), HttpResponseStatus.OK, body, reply.keepAlive());
        if (reply.has(Fault.Kind.WRONG_TYPE)) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.fault().text());
        }
        return ctx.writeAndFlush(response);
    }

    @Override
    public void cut() {
        ctx.close();
    }

    private ObjectNode body() {
        boolean chat = reply.request().kind() == ApiKind.CHAT;
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("id", reply.id());
        root.put("object", chat ? "chat.completion" : "text_completion");
        root.put("created", reply.createdSeconds());
        root.put("model", reply.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ReplyPlan plan = reply.plan();
        if (chat) {
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", text(plan.reasoningTokens(), plan.completionTokens()));
            if (plan.reasoningTokens() > 0) {
                message.put("reasoning_content", text(0, plan.reasoningTokens()));
            }
        } else {
            choice.put("text", text(0, plan.completionTokens()));
        }
        choice.put("finish_reason", plan.finishReason().json());
        putUsage(root, reply.request().promptTokens(), plan);
        return root;
    }

    /** The words of tokens [from, to), the same ones the streamed reply would carry. */
    private String text(int fromToken, int toToken) {
        StringBuilder text = new StringBuilder((toToken - fromToken) * 8);
        for (int i = fromToken; i < toToken; i++) {
            text.append(Vocabulary.word(reply.number(), i, reply.plan().isReasoning(i)));
        }
        return text.toString();
    }

    static void putUsage(ObjectNode root, int promptTokens, ReplyPlan plan) {
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", plan.completionTokens());
        usage.put("total_tokens", promptTokens + plan.completionTokens());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", plan.reasoningTokens());
    }
}
