package dev.barrage.load;

import dev.barrage.api.ApiAdapter;
import dev.barrage.api.ForwardingApiAdapter;
import dev.barrage.api.ResponseState;

/**
 * A test instrument, not a feature: spends a fixed CPU time on the I/O thread for every SSE event,
 * to starve the client on purpose and prove that the client-bottleneck verdict notices
 * ({@code --client-event-cost-us}, hidden from the help).
 */
final class SlowEventAdapter extends ForwardingApiAdapter {
    private final long costNanos;

    SlowEventAdapter(ApiAdapter delegate, int costMicros) {
        super(delegate);
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
}
