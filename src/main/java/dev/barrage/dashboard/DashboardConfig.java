package dev.barrage.dashboard;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code barrage dashboard} serves and where.
 *
 * @param outputs        the folder {@code barrage perf} wrote to
 * @param host           the name or address to listen on; also the one Host name, besides the
 *                       loopback ones, that requests may carry
 * @param port           the port, 0 = any free port
 * @param requestTimeout how long a connection may take to send a complete request (from when it
 *                       opens, or from its previous answer) and to take in an answer before it is
 *                       closed, so a client that stalls half-way holds nothing for long
 */
public record DashboardConfig(Path outputs, String host, int port, Duration requestTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Loopback only, with the default timeout. */
    public static DashboardConfig loopback(Path outputs, int port) {
        return new DashboardConfig(outputs, DEFAULT_HOST, port, DEFAULT_REQUEST_TIMEOUT);
    }

    public DashboardConfig withRequestTimeout(Duration timeout) {
        return new DashboardConfig(outputs, host, port, timeout);
    }
}
