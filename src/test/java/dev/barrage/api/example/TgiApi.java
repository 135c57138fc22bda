package dev.barrage.api.example;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.api.ApiAdapter;
import dev.barrage.api.ApiBodies;
import dev.barrage.api.ApiContext;
import dev.barrage.api.ApiPlugin;
import dev.barrage.api.ResponseState;
import dev.barrage.dataset.Prompt;

import java.io.IOException;

/**
 * The worked example of docs/extending.md: {@code --api tgi} speaks Hugging Face
 * text-generation-inference's native {@code POST /generate_stream}. The request is
 * {@code {"inputs": "...", "parameters": {"max_new_tokens": N, "details": true}}}; each event is
 * {@code {"index", "token": {"id", "text", "logprob", "special"}, "generated_text", "details"}},
 * the last one with {@code details.generated_tokens} and {@code details.input_length}.
 */
public final class TgiApi implements ApiPlugin, ApiAdapter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final ApiContext ctx;

    /** For ServiceLoader: the plug-in itself. */
    public TgiApi() {
        this(null);
    }

    private TgiApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    // ---- ApiPlugin: the name, the usual path, and the adapter for one sweep ----

    @Override
    public String name() {
        return "tgi";
    }

    @Override
    public String defaultPath() {
        return "/generate_stream";
    }

    @Override
    public ApiAdapter create(ApiContext context) {
        return new TgiApi(context);
    }

    // ---- ApiAdapter: the request ----

    @Override
    public byte[] buildBody(Prompt prompt) {
        ObjectNode body = ApiBodies.JSON.createObjectNode();
        body.put("inputs", prompt.text() != null ? prompt.text() : joined(prompt));
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("max_new_tokens", ctx.maxTokens());
        parameters.put("details", true); // the last event then carries the token counts
        ApiBodies.putAll(parameters, ctx.args().extraArgs(), true);
        return ApiBodies.toBytes(body);
    }

    /** A chat prompt's messages, one per line (TGI's native API takes one string). */
    private static String joined(Prompt prompt) {
        StringBuilder text = new StringBuilder();
        prompt.messages().forEach(m -> text.append(m.path("content").asText()).append('\n'));
        return text.toString();
    }

    @Override
    public byte[] buildProbeBody() {
        ObjectNode body = ApiBodies.JSON.createObjectNode().put("inputs", "hello");
        body.putObject("parameters").put("max_new_tokens", 1);
        return ApiBodies.toBytes(body);
    }

    @Override
    public boolean streaming() {
        return true; // /generate_stream always streams
    }

    // ---- ApiAdapter: the response, on the I/O thread after the arrival was stamped ----

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.countDataEvent();
        String text = null;
        boolean special = false;
        try (JsonParser p = FACTORY.createParser(data, 0, length)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("token") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken v = p.nextToken();
                        if (f.equals("text") && v == JsonToken.VALUE_STRING) {
                            text = p.getText();
                        } else if (f.equals("special")) {
                            special = v == JsonToken.VALUE_TRUE;
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (field.equals("details") && value == JsonToken.START_OBJECT) {
                    readDetails(p, state);
                } else if (field.equals("error") && value == JsonToken.VALUE_STRING) {
                    state.setBodyError(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            state.setMalformed("malformed JSON in an event: " + e.getMessage());
            return;
        }
        // a token event: a generated token with text; the end-of-sequence token is special and has none to show
        if (text != null && !text.isEmpty() && !special) {
            state.addTokenEvent(arrivalNanos, text, null);
        }
    }

    /** The last event's {@code details}: the server's counts and why generation stopped. */
    private static void readDetails(JsonParser p, ResponseState state) throws IOException {
        int generated = -1;
        int input = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "generated_tokens" -> generated = p.getIntValue();
                case "input_length" -> input = p.getIntValue();
                case "finish_reason" -> state.setFinishReason(p.getText());
                default -> p.skipChildren();
            }
        }
        state.setUsage(input, generated, -1, -1);
    }

    /** A whole reply (a server that ignored streaming): {@code generated_text} and its details. */
    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root != null) {
            state.setText(root.path("generated_text").asText(""), null);
            JsonNode details = root.path("details");
            state.setUsage(details.path("input_length").asInt(-1), details.path("generated_tokens").asInt(-1), -1, -1);
        }
    }

    @Override
    public String errorMessage(byte[] body, int length) {
        return ApiBodies.errorMessage(body, length); // TGI answers {"error": "...", "error_type": "..."}
    }
}
