package dev.barrage.api;

import java.nio.charset.StandardCharsets;

/** Feeds recorded SSE data fields to an adapter as the transport would, one arrival time each. */
final class ApiEvents {
    private ApiEvents() {
    }

    static void feed(ApiAdapter adapter, ResponseState state, long nanos, String data) {
        // a larger buffer than the data, as the SSE parser's reused one is
        byte[] bytes = (data + "\u0000garbage").getBytes(StandardCharsets.UTF_8);
        adapter.onEvent(bytes, data.getBytes(StandardCharsets.UTF_8).length, nanos, state);
    }

    static void body(ApiAdapter adapter, ResponseState state, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        adapter.onBody(bytes, bytes.length, state);
    }
}
