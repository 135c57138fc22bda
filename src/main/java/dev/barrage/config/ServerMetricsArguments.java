package dev.barrage.config;

import dev.barrage.BarrageException;

import java.util.Locale;

/** The rules of {@code --server-metrics} and {@code --server-metrics-interval}. */
final class ServerMetricsArguments {
    /** Faster than this, scraping a busy server's page would cost it more than it tells. */
    static final double MIN_INTERVAL_S = 0.05;
    static final double MAX_INTERVAL_S = 3600;

    private ServerMetricsArguments() {
    }

    static void validate(Arguments a) {
        for (String url : a.serverMetrics()) {
            Arguments.parseHttpUrl("--server-metrics", url, " Example: --server-metrics http://127.0.0.1:8000/metrics");
        }
        double interval = a.serverMetricsInterval();
        if (!(interval >= MIN_INTERVAL_S && interval <= MAX_INTERVAL_S)) {
            throw BarrageException.invalidInput(String.format(Locale.ROOT, "Invalid value '%s' for option"
                    + " '--server-metrics-interval': should be between %s and %s seconds, e.g. 1 or 0.1.",
                    interval, MIN_INTERVAL_S, (int) MAX_INTERVAL_S));
        }
    }
}
