package dev.barrage.transport;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.NotSslRecordException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/** Turns transport exceptions into a stable {@link ErrorType} and a one-line message. */
final class Failures {
    private Failures() {
    }

    /** A failure classified for the result row. */
    record Failure(String type, String message) {
    }

    /**
     * Loads the failure path's classes now. Running out of file descriptors is one of the failures
     * classified here, and when the classes come from a folder (not the jar), loading them then
     * would itself need a file descriptor.
     */
    static void preload() {
        ofLocalLimit(new java.io.IOException("Too many open files"));
        ofConnection(new ClosedChannelException());
    }

    /** @param proxy the proxy connected to instead of the target, or {@code null} */
    static Failure ofConnect(Throwable cause, HttpTarget target, Proxies.Proxy proxy, int connectTimeoutMillis) {
        String where = proxy != null ? "proxy " + proxy.host() + ":" + proxy.port() : target.host() + ":" + target.port();
        Failure local = ofLocalLimit(cause);
        if (local != null) {
            return local;
        }
        if (find(cause, ConnectTimeoutException.class) != null) {
            return new Failure(ErrorType.CONNECT_TIMEOUT, "connecting to " + where + " timed out after "
                    + connectTimeoutMillis + " ms");
        }
        if (find(cause, UnknownHostException.class) != null) {
            return new Failure(ErrorType.UNKNOWN_HOST, "unknown host '" + target.host() + "'");
        }
        ConnectException refused = find(cause, ConnectException.class);
        String message = String.valueOf(refused != null ? refused.getMessage() : cause.getMessage())
                .toLowerCase(Locale.ROOT);
        if (refused != null && message.contains("refused")) {
            return new Failure(ErrorType.CONNECTION_REFUSED, "connection refused by " + where);
        }
        if (message.contains("timed out")) {
            // The operating system gave up connecting (ETIMEDOUT) before our own connect timeout.
            return new Failure(ErrorType.CONNECT_TIMEOUT, "connecting to " + where + " timed out");
        }
        if (find(cause, SSLException.class) != null) {
            return new Failure(ErrorType.TLS, "TLS handshake with " + where + " failed: " + rootMessage(cause));
        }
        return new Failure(ErrorType.CONNECT_ERROR, "cannot connect to " + where + ": " + rootMessage(cause));
    }

    /**
     * The client machine's own limits, whatever exception carries them: out of file descriptors
     * (a socket cannot even be created) or out of local ports.
     */
    static Failure ofLocalLimit(Throwable cause) {
        for (Throwable c = cause; c != null && c.getCause() != c; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("too many open files")) {
                return new Failure(ErrorType.FD_EXHAUSTED, "Barrage ran out of file descriptors (too many open files)");
            }
            if (m.contains("cannot assign requested address")) {
                return new Failure(ErrorType.PORTS_EXHAUSTED, "no free local port for a new connection"
                        + " (cannot assign requested address)");
            }
        }
        return null;
    }

    /** A failure on an established connection. */
    static Failure ofConnection(Throwable cause) {
        ProxyConnectException proxy = find(cause, ProxyConnectException.class);
        if (proxy != null) {
            return new Failure(ErrorType.CONNECT_ERROR, "the proxy did not open a tunnel: " + proxy.getMessage());
        }
        if (find(cause, NotSslRecordException.class) != null) {
            return new Failure(ErrorType.TLS, "TLS failure: the server answered in plain HTTP; use an http:// URL");
        }
        if (find(cause, SSLException.class) != null) {
            return new Failure(ErrorType.TLS, "TLS failure: " + rootMessage(cause));
        }
        if (cause instanceof ClosedChannelException) {
            return new Failure(ErrorType.CONNECTION_CLOSED, "the connection was closed");
        }
        return new Failure(ErrorType.CONNECTION_CLOSED, "connection error: " + rootMessage(cause));
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
