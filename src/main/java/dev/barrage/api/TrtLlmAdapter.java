package dev.barrage.api;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.dataset.Prompt;


/**
 * {@code --api trtllm}: TensorRT-LLM behind Triton Inference Server, through Triton's generate
 * extension: {@code POST /v2/models/<model>/generate_stream} (streamed) or {@code .../generate}
 * (whole reply), {@code <model>} being the Triton model, by convention {@code ensemble} (give the
 * full URL for another). The body's fields are the model's inputs: {@code text_input},
 * {@code max_tokens}, {@code temperature}, {@code top_p}, {@code top_k}, {@code min_length}
 * ({@code --min-tokens}), {@code stream}, plus {@code --extra-args} (e.g. {@code end_id} to keep
 * generating past the end token, as sglang.bench_serving does: TensorRT-LLM has no
 * {@code ignore_eos}). Each event's {@code text_output} is the new text; no event carries token
 * counts, so they come from {@code --tokenizer-path} or, failing that, the number of token events
 * (marked as estimated).
 */
public final class TrtLlmAdapter extends JsonApiAdapter {
    /** The plug-in registering {@code trtllm}. */
    public static final class Plugin extends NamedApiPlugin {
        public Plugin() {
            super("trtllm", "/v2/models/ensemble/generate_stream", TrtLlmAdapter::new);
        }
    }

    public TrtLlmAdapter(ApiContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "trtllm";
    }

    @Override
    protected boolean sendsModel() {
        return false;
    }

    @Override
    protected void putPrompt(ObjectNode body, Prompt prompt) {
        if (prompt.tokenIds() != null) {
            throw new IllegalArgumentException("token-id prompts go to OpenAI's /v1/completions or SGLang's /generate");
        }
        body.put("text_input", plainText(prompt));
    }

    @Override
    protected void putMaxTokens(ObjectNode body, int maxTokens, boolean overwrite) {
        if (overwrite || !body.has("max_tokens")) {
            body.put("max_tokens", maxTokens);
        }
    }

    @Override
    protected void applySettings(ObjectNode body, boolean overwrite) {
        super.applySettings(body, overwrite);
        if (args.minTokens() != null && (overwrite || !body.has("min_length"))) {
            body.put("min_length", args.minTokens());
        }
    }

    @Override
    protected void setStreaming(ObjectNode body, boolean stream) {
        body.put("stream", stream);
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        state.countDataEvent();
        String[] text = new String[1];
        boolean read = StreamJson.readObject(data, length, state, (p, field, value) -> {
            if (field.equals("text_output") && value == JsonToken.VALUE_STRING) {
                text[0] = p.getText();
            } else if (field.equals("error") && value == JsonToken.VALUE_STRING) {
                state.setBodyError(p.getText());
            } else {
                p.skipChildren();
            }
        });
        if (!read) {
            return;
        }
        if (text[0] != null && !text[0].isEmpty()) {
            state.addTokenEvent(arrivalNanos, text[0], null);
        }
    }

    /** A whole reply ({@code .../generate}): {@code {"model_name", "text_output": "..."}}. */
    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        JsonNode root = ApiBodies.parse(body, length, state);
        if (root != null) {
            state.setText(root.path("text_output").asText(""), null);
        }
    }
}
