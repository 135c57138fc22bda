package dev.barrage.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** A streamed reply read back into its events, for assertions. */
final class StreamedReply {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One token event. */
    record Token(String text, boolean reasoning, String finishReason, long arrivalNanos) {
    }

    final RawHttpConnection.Response response;
    /** Every event but {@code [DONE]}, in order, parsed. */
    final List<JsonNode> events = new ArrayList<>();
    final List<Long> arrivals = new ArrayList<>();
    final List<Token> tokens = new ArrayList<>();
    final boolean doneLast;
    JsonNode roleEvent;
    long roleArrivalNanos;
    JsonNode usage;

    StreamedReply(RawHttpConnection.Response response) throws Exception {
        this.response = response;
        List<RawHttpConnection.Chunk> chunks = response.chunks();
        boolean sawDone = false;
        for (int i = 0; i < chunks.size(); i++) {
            String data = chunks.get(i).data();
            if (data.equals("[DONE]")) {
                if (i != chunks.size() - 1) {
                    throw new AssertionError("[DONE] is not the last event");
                }
                sawDone = true;
                continue;
            }
            JsonNode event = JSON.readTree(data);
            events.add(event);
            arrivals.add(chunks.get(i).arrivalNanos());
            classify(event, chunks.get(i).arrivalNanos());
        }
        doneLast = sawDone;
    }

    private void classify(JsonNode event, long arrivalNanos) {
        if (event.has("usage") && !event.get("usage").isNull()) {
            usage = event.get("usage");
        }
        JsonNode choices = event.get("choices");
        if (choices.isEmpty()) {
            return;
        }
        JsonNode choice = choices.get(0);
        JsonNode finish = choice.get("finish_reason");
        String finishReason = finish == null || finish.isNull() ? null : finish.asText();
        if (choice.has("text")) {
            tokens.add(new Token(choice.get("text").asText(), false, finishReason, arrivalNanos));
            return;
        }
        JsonNode delta = choice.get("delta");
        if (delta.has("role")) {
            roleEvent = event;
            roleArrivalNanos = arrivalNanos;
        } else if (delta.has("reasoning_content")) {
            tokens.add(new Token(delta.get("reasoning_content").asText(), true, finishReason, arrivalNanos));
        } else {
            tokens.add(new Token(delta.get("content").asText(), false, finishReason, arrivalNanos));
        }
    }

    /** Milliseconds from sending the request to the first token. */
    double ttftMs() {
        return (tokens.get(0).arrivalNanos() - response.sentNanos()) / 1e6;
    }

    /** Mean gap between consecutive tokens, in milliseconds. */
    double meanItlMs() {
        if (tokens.size() < 2) {
            throw new AssertionError("need two tokens for a gap");
        }
        long span = tokens.get(tokens.size() - 1).arrivalNanos() - tokens.get(0).arrivalNanos();
        return span / 1e6 / (tokens.size() - 1);
    }

    long firstTokenNanos() {
        return tokens.get(0).arrivalNanos();
    }

    long lastTokenNanos() {
        return tokens.get(tokens.size() - 1).arrivalNanos();
    }
}
