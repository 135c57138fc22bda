package dev.barrage.store;

/**
 * What joins one stored request with the server's logs and traces: the id and {@code traceparent}
 * Barrage sent, and the ids the server answered with (its request id header, the body's
 * {@code id}). Any of them may be {@code null}. Definitions: docs/metrics.md, "Request identity".
 */
public record RequestIds(String sent, String traceparent, String server, String response) {
    public static final RequestIds NONE = new RequestIds(null, null, null, null);
}
