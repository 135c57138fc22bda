package dev.barrage.config;

import dev.barrage.BarrageException;

import java.util.Locale;

/** The rules of the flags that tie a run to the server's side: --server-metrics, --server-metrics-interval, --request-id-header. */
final class ServerSideArguments {
    /** Faster than this, scraping a busy server's page would cost it more than it tells. */
    static final double MIN_INTERVAL_S = 0.05;
    static final double MAX_INTERVAL_S = 3600;

    private ServerSideArguments() {
    }

    static void validate(Arguments a) {
        for (String url : a.serverMetrics()) {
            Arguments.parseHttpUrl("--server-metrics", url, " Example: --server-metrics http://127.0.0.1:8000/metrics");
        }
        String header = a.requestIdHeader();
        if (header != null && !header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw BarrageException.invalidInput("Invalid value '" + header + "' for option '--request-id-header': not"
                    + " a header name (letters, digits and !#$%&'*+-.^_`|~), e.g. x-request-id; 'none' sends none.");
        }
        double interval = a.serverMetricsInterval();
        if (!(interval >= MIN_INTERVAL_S && interval <= MAX_INTERVAL_S)) {
            throw BarrageException.invalidInput(String.format(Locale.ROOT, "Invalid value '%s' for option"
                    + " '--server-metrics-interval': should be between %s and %s seconds, e.g. 1 or 0.1.",
                    interval, MIN_INTERVAL_S, (int) MAX_INTERVAL_S));
        }
    }
}
