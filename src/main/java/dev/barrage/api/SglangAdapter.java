package dev.barrage.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.dataset.Prompt;

import java.io.IOException;

/**
 * {@code --api sglang}: SGLang's native {@code POST /generate} (what {@code sglang.bench_serving
 * --backend sglang} measures). The body is {@code {"text": "..."} (or {"input_ids": [...]}),
 * "sampling_params": {"max_new_tokens", "min_new_tokens", "temperature", "top_p", "top_k", ...},
 * "stream": true}}; {@code --extra-args} go into {@code sampling_params} (e.g. {@code ignore_eos}),
 * top-level fields such as {@code lora_path} into {@code --query-template}. Chat prompts are sent as
 * their message contents, one per line (no chat template: {@code /generate} takes raw text).
 *
 * <p>Each event's {@code text} is the <em>whole</em> text so far; what is new since the previous
 * event is the token event's content. One event may carry several tokens; {@code meta_info}
 * carries the cumulative {@code completion_tokens}, {@code prompt_tokens}, {@code cached_tokens}
 * and the {@code finish_reason}; the stream ends with {@code data: [DONE]}.
 */
public final class SglangAdapter extends JsonApiAdapter {
    /** The plug-in registering {@code sglang}. */
    public static final class Plugin extends NamedApiPlugin {
        public Plugin() {
            super("sglang", "/generate", SglangAdapter::new);
        }
    }

    public SglangAdapter(ApiContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "sglang";
    }

    @Override
    protected boolean sendsModel() {
        return false;
    }

    @Override
    protected void putPrompt(ObjectNode body, Prompt prompt) {
        if (prompt.tokenIds() != null) {
            ArrayNode ids = body.putArray("input_ids");
            for (int id : prompt.tokenIds()) {
                ids.add(id);
            }
        } else {
            body.put("text", plainText(prompt));
        }
    }

    @Override
    protected ObjectNode settingsTarget(ObjectNode body) {
        return object(body, "sampling_params");
    }

    @Override
    protected void putMaxTokens(ObjectNode samplingParams, int maxTokens, boolean overwrite) {
        if (overwrite || !samplingParams.has("max_new_tokens")) {
            samplingParams.put("max_new_tokens", maxTokens);
        }
    }

    @Override
    protected void applySettings(ObjectNode body, boolean overwrite) {
        super.applySettings(body, overwrite);
        ObjectNode params = settingsTarget(body);
        if (args.minTokens() != null && (overwrite || !params.has("min_new_tokens"))) {
            params.put("min_new_tokens", args.minTokens());
        }
        if (!args.stop().isEmpty() && (overwrite || !params.has("stop"))) {
            ArrayNode stop = params.putArray("stop");
            args.stop().forEach(stop::add);
        }
    }

    @Override
    protected void setStreaming(ObjectNode body, boolean stream) {
        body.put("stream", stream);
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        if (length == 6 && data[0] == '[' && data[1] == 'D') { // [DONE]
            state.markEndOfStream();
            return;
        }
        state.countDataEvent();
        String[] text = new String[1];
        boolean read = StreamJson.readObject(data, length, state, (p, field, value) -> {
            if (field.equals("text") && value == JsonToken.VALUE_STRING) {
                text[0] = p.getText();
            } else if (field.equals("meta_info") && value == JsonToken.START_OBJECT) {
                readMetaInfo(p, state);
            } else if (field.equals("error")) {
                state.setBodyError(value == JsonToken.VALUE_STRING ? p.getText() : p.readValueAsTree().toString());
            } else {
                p.skipChildren();
            }
        });
        if (!read) {
            return;
        }
        int seen = state.contentLength();
        if (text[0] != null && text[0].length() > seen) {
            state.addTokenEvent(arrivalNanos, text[0].substring(seen), null);
        }
    }

    /** {@code meta_info}: cumulative counts and, on the last event, why generation stopped. */
    private static void readMetaInfo(JsonParser p, ResponseState state) throws IOException {
        int prompt = -1;
        int completion = -1;
        int cached = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "prompt_tokens" -> prompt = StreamJson.intValue(p, v);
                case "completion_tokens" -> completion = StreamJson.intValue(p, v);
                case "cached_tokens" -> cached = StreamJson.intValue(p, v);
                case "finish_reason" -> {
                    if (v == JsonToken.START_OBJECT) {
                        state.setFinishReason(StreamJson.stringField(p, "type"));
                    } else if (v == JsonToken.VALUE_STRING) {
                        state.setFinishReason(p.getText());
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (prompt != -1 || completion != -1) {
            state.setUsage(prompt, completion, cached, -1);
        }
    }

    /** A whole reply: {@code {"text": "...", "meta_info": {...}}}. */
    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root == null) {
            return;
        }
        if (root.isArray()) {
            root = root.path(0);
        }
        state.setText(root.path("text").asText(""), null);
        JsonNode meta = root.path("meta_info");
        state.setUsage(StreamJson.count(meta.path("prompt_tokens")), StreamJson.count(meta.path("completion_tokens")),
                StreamJson.count(meta.path("cached_tokens")), -1);
        JsonNode finish = meta.path("finish_reason");
        if (finish.isObject()) {
            state.setFinishReason(finish.path("type").asText(null));
        }
    }
}
