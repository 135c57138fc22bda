package dev.barrage.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether Barrage itself kept up during a run, from what it watched of itself (see
 * {@code docs/metrics.md}, "Client-bottleneck verdict").
 *
 * @param clientLimited true when any check crossed its limit
 * @param reasons       one phrase per crossed limit, e.g. "event-loop lag p99 48.1 ms (limit 5 ms)"
 * @param checks        every measured value, for the summary JSON
 */
public record ClientVerdict(boolean clientLimited, List<String> reasons, Map<String, Object> checks) {
    public ClientVerdict {
        reasons = List.copyOf(reasons);
        checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    /** The one line printed after each run. */
    public String line() {
        return clientLimited
                ? "CLIENT-LIMITED: " + String.join("; ", reasons) + " — these numbers measure Barrage, not the server"
                : "Client check: client kept up";
    }
}
