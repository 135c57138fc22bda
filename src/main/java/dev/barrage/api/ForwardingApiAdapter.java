package dev.barrage.api;

import dev.barrage.dataset.Prompt;

/**
 * An adapter that hands every call to another one; decorators override only what they add to
 * (e.g. the delivery-lag probe and the slow-event test instrument wrap {@link #onEvent}).
 */
public abstract class ForwardingApiAdapter implements ApiAdapter {
    protected final ApiAdapter delegate;

    protected ForwardingApiAdapter(ApiAdapter delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public byte[] buildBody(Prompt prompt) {
        return delegate.buildBody(prompt);
    }

    @Override
    public byte[] buildProbeBody() {
        return delegate.buildProbeBody();
    }

    @Override
    public boolean streaming() {
        return delegate.streaming();
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        delegate.onEvent(data, length, arrivalNanos, state);
    }

    @Override
    public void onBody(byte[] body, int length, ResponseState state) {
        delegate.onBody(body, length, state);
    }

    @Override
    public boolean repliesWithText() {
        return delegate.repliesWithText();
    }

    @Override
    public String errorMessage(byte[] body, int length) {
        return delegate.errorMessage(body, length);
    }

    @Override
    public java.util.Map<String, String> headers(String apiKey) {
        return delegate.headers(apiKey);
    }
}
