package dev.barrage.load;

import dev.barrage.api.ApiAdapter;
import dev.barrage.api.ResponseState;
import dev.barrage.dataset.Prompt;

/**
 * A test instrument, not a feature: spends a fixed CPU time on the I/O thread for every SSE event,
 * to starve the client on purpose and prove that the client-bottleneck verdict notices
 * ({@code --client-event-cost-us}, hidden from the help).
 */
final class SlowEventAdapter implements ApiAdapter {
    private final ApiAdapter delegate;
    private final long costNanos;

    SlowEventAdapter(ApiAdapter delegate, int costMicros) {
        this.delegate = delegate;
        this.costNanos = costMicros * 1000L;
    }

    @Override
    public void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state) {
        long until = System.nanoTime() + costNanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        delegate.onEvent(data, length, arrivalNanos, state);
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
    public void onBody(byte[] body, int length, ResponseState state) {
        delegate.onBody(body, length, state);
    }

    @Override
    public String errorMessage(byte[] body, int length) {
        return delegate.errorMessage(body, length);
    }
}
