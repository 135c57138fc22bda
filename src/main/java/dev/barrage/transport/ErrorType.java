package dev.barrage.transport;

/**
 * Stable names for why a request failed; they are stored in the {@code error_type} column and
 * counted in the summary, so they never change meaning.
 */
public final class ErrorType {
    private ErrorType() {
    }

    /** The server refused the TCP connection (nothing listening). */
    public static final String CONNECTION_REFUSED = "connection_refused";
    /** The host name did not resolve. */
    public static final String UNKNOWN_HOST = "unknown_host";
    /** TCP connect did not finish within --connect-timeout. */
    public static final String CONNECT_TIMEOUT = "connect_timeout";
    /** The TLS handshake failed (certificate, protocol). */
    public static final String TLS = "tls_handshake";
    /** Any other failure to connect (no route, network unreachable, ...). */
    public static final String CONNECT_ERROR = "connect_error";
    /** The connection closed or reset before the response was complete. */
    public static final String CONNECTION_CLOSED = "connection_closed";
    /** The server was silent for longer than --read-timeout. */
    public static final String READ_TIMEOUT = "read_timeout";
    /** The request took longer than --total-timeout. */
    public static final String TOTAL_TIMEOUT = "total_timeout";
    /** The server answered with a status other than 2xx; see status_code. */
    public static final String HTTP_ERROR = "http_error";
    /** A 2xx response that carried an error object in its body or stream. */
    public static final String SERVER_ERROR_EVENT = "server_error_event";
    /** A response we could not parse (malformed JSON event or body, oversized event). */
    public static final String BAD_RESPONSE = "bad_response";
    /** Stopped by Ctrl-C/SIGTERM before it completed. */
    public static final String INTERRUPTED = "interrupted";
    /**
     * A stream was asked for and a 2xx answer came with a content type that is neither
     * {@code text/event-stream} nor JSON (e.g. an HTML page from a proxy).
     */
    public static final String WRONG_CONTENT_TYPE = "wrong_content_type";
    /** A failure inside Barrage while handling the request (a bug: please report it). */
    public static final String CLIENT_ERROR = "client_error";
    /** Barrage's process ran out of file descriptors (EMFILE/ENFILE): its own limit, not the server's. */
    public static final String FD_EXHAUSTED = "fd_exhausted";
    /** No local port was free for a new connection (EADDRNOTAVAIL): the client machine's limit. */
    public static final String PORTS_EXHAUSTED = "ports_exhausted";
}
