package dev.barrage.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The whole (non-streamed) reply body of each API, with the same words the streamed reply would
 * carry. Built once per reply, off the per-token path, so plain Jackson trees are fine.
 */
final class ReplyBodies {
    /** Dimensions of the simulator's embedding vectors: enough to look like one, small to send. */
    static final int EMBEDDING_DIMENSIONS = 16;

    private ReplyBodies() {
    }

    static ObjectNode of(Reply reply) {
        return switch (reply.request().kind()) {
            case CHAT, COMPLETIONS -> openAi(reply);
            case RESPONSES -> responses(reply);
            case ANTHROPIC -> anthropic(reply);
            case DASHSCOPE -> dashScope(reply);
            case SGLANG -> sglang(reply);
            case TRTLLM -> trtLlm(reply);
            case EMBEDDINGS -> embeddings(reply);
            case RERANK -> rerank(reply);
        };
    }

    private static ObjectNode openAi(Reply reply) {
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
            message.put("content", content(reply));
            if (plan.reasoningTokens() > 0) {
                message.put("reasoning_content", reasoning(reply));
            }
        } else {
            choice.put("text", text(reply, 0, plan.completionTokens()));
        }
        choice.put("finish_reason", plan.finishReason().json());
        putUsage(root, reply.request().promptTokens(), plan);
        if (reply.request().cachedTokens() >= 0) {
            ((ObjectNode) root.get("usage")).putObject("prompt_tokens_details").put("cached_tokens",
                    reply.request().cachedTokens());
        }
        return root;
    }

    private static void putUsage(ObjectNode root, int promptTokens, ReplyPlan plan) {
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", plan.completionTokens());
        usage.put("total_tokens", promptTokens + plan.completionTokens());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", plan.reasoningTokens());
    }

    private static ObjectNode responses(Reply reply) {
        ReplyPlan plan = reply.plan();
        boolean cut = plan.finishReason() == ReplyPlan.FinishReason.LENGTH;
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("id", reply.id());
        root.put("object", "response");
        root.put("created_at", reply.createdSeconds());
        root.put("status", cut ? "incomplete" : "completed");
        root.put("model", reply.model());
        ArrayNode output = root.putArray("output");
        if (plan.reasoningTokens() > 0) {
            ObjectNode item = output.addObject().put("id", "rs_" + reply.number()).put("type", "reasoning");
            item.putArray("summary");
            item.putArray("content").addObject().put("type", "reasoning_text").put("text", reasoning(reply));
        }
        ObjectNode message = output.addObject().put("id", "msg_" + reply.number()).put("type", "message")
                .put("status", "completed").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", content(reply))
                .putArray("annotations");
        ObjectNode usage = root.putObject("usage");
        int prompt = reply.request().promptTokens();
        usage.put("input_tokens", prompt);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", plan.completionTokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", plan.reasoningTokens());
        usage.put("total_tokens", prompt + plan.completionTokens());
        return root;
    }

    private static ObjectNode anthropic(Reply reply) {
        ReplyPlan plan = reply.plan();
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("id", reply.id());
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", reply.model());
        ArrayNode content = root.putArray("content");
        if (plan.reasoningTokens() > 0) {
            content.addObject().put("type", "thinking").put("thinking", reasoning(reply)).put("signature", "");
        }
        if (plan.completionTokens() > plan.reasoningTokens()) {
            content.addObject().put("type", "text").put("text", content(reply));
        }
        root.put("stop_reason", plan.finishReason() == ReplyPlan.FinishReason.LENGTH ? "max_tokens" : "end_turn");
        root.putNull("stop_sequence");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", reply.request().promptTokens());
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", plan.completionTokens());
        return root;
    }

    private static ObjectNode dashScope(Reply reply) {
        ReplyPlan plan = reply.plan();
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        ObjectNode choice = root.putObject("output").putArray("choices").addObject();
        choice.put("finish_reason", plan.finishReason().json());
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", content(reply));
        if (plan.reasoningTokens() > 0) {
            message.put("reasoning_content", reasoning(reply));
        }
        ObjectNode usage = root.putObject("usage");
        int prompt = reply.request().promptTokens();
        usage.put("input_tokens", prompt);
        usage.put("output_tokens", plan.completionTokens());
        usage.put("total_tokens", prompt + plan.completionTokens());
        if (plan.reasoningTokens() > 0) {
            usage.putObject("output_tokens_details").put("reasoning_tokens", plan.reasoningTokens());
        }
        root.put("request_id", reply.id());
        return root;
    }

    /** One small vector per input, each a pure function of the request number and input index. */
    private static ObjectNode embeddings(Reply reply) {
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < reply.request().inputs(); i++) {
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
            for (int d = 0; d < EMBEDDING_DIMENSIONS; d++) {
                vector.add(Math.sin(reply.number() + 31.0 * i + d));
            }
        }
        root.put("model", reply.model());
        int prompt = reply.request().promptTokens();
        root.putObject("usage").put("prompt_tokens", prompt).put("total_tokens", prompt);
        return root;
    }

    /** Scores falling with the document's position, listed best first, as rerank servers list them. */
    private static ObjectNode rerank(Reply reply) {
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("id", reply.id());
        root.put("model", reply.model());
        root.putObject("usage").put("total_tokens", reply.request().promptTokens());
        ArrayNode results = root.putArray("results");
        for (int i = 0; i < reply.request().inputs(); i++) {
            results.addObject().put("index", i).put("relevance_score", 1.0 / (i + 1));
        }
        return root;
    }

    /** SGLang: {@code {"text", "meta_info": {"id", "prompt_tokens", "completion_tokens", "cached_tokens", "finish_reason"}}}. */
    private static ObjectNode sglang(Reply reply) {
        ReplyPlan plan = reply.plan();
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("text", text(reply, 0, plan.completionTokens()));
        ObjectNode meta = root.putObject("meta_info");
        meta.put("id", reply.id());
        meta.put("prompt_tokens", reply.request().promptTokens());
        meta.put("completion_tokens", plan.completionTokens());
        meta.put("cached_tokens", Math.max(0, reply.request().cachedTokens()));
        ObjectNode finish = meta.putObject("finish_reason");
        if (plan.finishReason() == ReplyPlan.FinishReason.LENGTH) {
            finish.put("type", "length").put("length", plan.completionTokens());
        } else {
            finish.put("type", "stop").putNull("matched");
        }
        return root;
    }

    /** Triton's {@code .../generate}: the model's outputs, {@code text_output} holding the whole reply. */
    private static ObjectNode trtLlm(Reply reply) {
        ObjectNode root = HttpResponses.JSON.createObjectNode();
        root.put("model_name", "ensemble").put("model_version", "1");
        root.put("text_output", text(reply, 0, reply.plan().completionTokens()));
        return root;
    }

    private static String content(Reply reply) {
        return text(reply, reply.plan().reasoningTokens(), reply.plan().completionTokens());
    }

    private static String reasoning(Reply reply) {
        return text(reply, 0, reply.plan().reasoningTokens());
    }

    /** The words of tokens [from, to), the same ones the streamed reply would carry. */
    private static String text(Reply reply, int fromToken, int toToken) {
        StringBuilder text = new StringBuilder(Math.max(0, toToken - fromToken) * 8);
        for (int i = fromToken; i < toToken; i++) {
            text.append(Vocabulary.word(reply.number(), i, reply.plan().isReasoning(i)));
        }
        return text.toString();
    }
}
