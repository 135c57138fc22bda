package dev.barrage.load;

import dev.barrage.config.Arguments;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * What each request of a run carries so that its row can be joined with the server's logs and
 * traces: a request id header ({@code x-request-id: <run token>-<request_id>} by default) and a W3C
 * {@code traceparent} ({@code 00-<trace id>-<parent id>-01}, a trace per request, sampled). The
 * run token is random per run, so ids never repeat across runs or sweeps. Built on the scheduler
 * thread as bodies are, never on an I/O thread. Immutable; docs/metrics.md, "Request identity".
 */
final class RequestIdentity {
    /** Sends nothing; rows still keep the server's ids. */
    static final RequestIdentity NONE = new RequestIdentity(null, false, "", 1, 1);
    static final String TRACEPARENT = "traceparent";

    private final String header;
    private final boolean traceparent;
    private final String token;
    private final long traceHigh;
    private final long spanSalt;

    private RequestIdentity(String header, boolean traceparent, String token, long traceHigh, long spanSalt) {
        this.header = header;
        this.traceparent = traceparent;
        this.token = token;
        this.traceHigh = traceHigh;
        this.spanSalt = spanSalt;
    }

    /** A run's identity, with a fresh random token. */
    static RequestIdentity forRun(Arguments args) {
        SecureRandom random = new SecureRandom();
        String header = args.requestIdHeader();
        return new RequestIdentity(header, args.traceparent(), String.format(Locale.ROOT, "%08x", random.nextInt()),
                random.nextLong() | 1, random.nextLong());
    }

    /** The response header that holds the server's id (the request's own header name, or x-request-id). */
    String echoHeader() {
        return header != null ? header : "x-request-id";
    }

    /**
     * The request's identity headers (names and values alternately), then {@code own} (a replayed
     * trace record's headers, which go on top); {@code own} itself when there is nothing to add.
     */
    String[] headers(long index, String[] own) {
        int n = (header != null ? 2 : 0) + (traceparent ? 2 : 0);
        if (n == 0) {
            return own;
        }
        String[] all = new String[n + (own == null ? 0 : own.length)];
        int i = 0;
        if (header != null) {
            all[i++] = header;
            all[i++] = id(index);
        }
        if (traceparent) {
            all[i++] = TRACEPARENT;
            all[i++] = traceparent(index);
        }
        if (own != null) {
            System.arraycopy(own, 0, all, i, own.length);
        }
        return all;
    }

    /** {@code <token>-<index>}, {@code <token>-w<n>} for the n-th warm-up request. */
    String id(long index) {
        return token + "-" + (index >= 0 ? String.valueOf(index) : "w" + (-index));
    }

    /** W3C trace context: version 00, a 32-hex trace id unique to the request, a 16-hex parent id, sampled. */
    String traceparent(long index) {
        long span = mix(spanSalt + index) | 1; // never all zeros, which the spec forbids
        return String.format(Locale.ROOT, "00-%016x%016x-%016x-01", traceHigh, index, span);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
