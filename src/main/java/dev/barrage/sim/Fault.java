package dev.barrage.sim;

import java.util.Locale;

/**
 * One misbehaviour the simulator can be told to show ({@code barrage sim --fault SPEC}), and which
 * generation requests it hits. The syntax is {@code KIND[=VALUE][@WHEN]}:
 *
 * <pre>
 *   status=429            HTTP 429 with an OpenAI-style JSON error body (429 and 503 add Retry-After)
 *   status-text=502       HTTP 502 with a plain-text body, as a proxy or load balancer answers
 *   drop                  close the connection without answering
 *   cut=3                 stream 3 tokens, then close the connection (no [DONE], no last chunk)
 *   malformed=2           token event 2 carries JSON cut in the middle
 *   bad-utf8=1            token event 1 carries bytes that are not UTF-8
 *   huge-event=1048576    the first token event carries this many bytes of text (default 1 MiB)
 *   stall-headers=30      wait 30 s before sending the response headers
 *   stall-stream=30       after the first token, send nothing for 30 s, then go on
 *   endless               stream tokens forever (ignores max_tokens)
 *   wrong-type=text/html  send the stream with this content type (default text/plain)
 *
 *   WHEN: nothing = every request; @25% = each request with probability 0.25 (seeded by --seed);
 *         @every=10 = the 10th, 20th, 30th ... generation request
 * </pre>
 *
 * Immutable; {@link #parse} validates and throws {@link IllegalArgumentException} with the rule.
 *
 * @param kind     what goes wrong
 * @param value    the kind's parameter (status code, token number, bytes or seconds)
 * @param text     the content type of {@code wrong-type}; {@code null} for the other kinds
 * @param fraction probability of hitting a request, in (0, 1]; 1 with {@code every} set
 * @param every    hit every Nth request (request numbers N, 2N, ...); 0 = decided by fraction
 */
public record Fault(Kind kind, double value, String text, double fraction, long every) {

    /** The misbehaviours, with their spelling in {@code --fault}. */
    public enum Kind {
        STATUS("status", Double.NaN),
        STATUS_TEXT("status-text", Double.NaN),
        DROP("drop", 0),
        CUT("cut", 1),
        MALFORMED("malformed", 1),
        BAD_UTF8("bad-utf8", 1),
        HUGE_EVENT("huge-event", 1 << 20),
        STALL_HEADERS("stall-headers", Double.NaN),
        STALL_STREAM("stall-stream", Double.NaN),
        ENDLESS("endless", 0),
        WRONG_TYPE("wrong-type", 0);

        private final String spelling;
        /** Used when no {@code =VALUE} is given; NaN = a value is required. */
        private final double defaultValue;

        Kind(String spelling, double defaultValue) {
            this.spelling = spelling;
            this.defaultValue = defaultValue;
        }

        public String spelling() {
            return spelling;
        }

        static Kind of(String spelling) {
            for (Kind k : values()) {
                if (k.spelling.equals(spelling)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** The content type of {@code wrong-type} when none is given. */
    public static final String DEFAULT_WRONG_TYPE = "text/plain; charset=utf-8";

    public Fault {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the share of requests should be above 0% and at most 100%");
        }
        if (every < 0) {
            throw new IllegalArgumentException("every=N should have N >= 1");
        }
    }

    /** Parses {@code KIND[=VALUE][@WHEN]}; {@code wrong-type} takes a content type as its value. */
    public static Fault parse(String spec) {
        String text = spec.trim();
        String when = null;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            when = text.substring(at + 1).trim();
            text = text.substring(0, at).trim();
        }
        int eq = text.indexOf('=');
        String name = (eq < 0 ? text : text.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String rawValue = eq < 0 ? null : text.substring(eq + 1).trim();
        Kind kind = Kind.of(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown fault '" + name + "'; expected one of " + spellings());
        }
        double value = kind == Kind.WRONG_TYPE ? 0 : value(kind, rawValue);
        String contentType = kind != Kind.WRONG_TYPE ? null
                : rawValue == null || rawValue.isEmpty() ? DEFAULT_WRONG_TYPE : rawValue;
        double fraction = 1;
        long every = 0;
        if (when != null) {
            if (when.startsWith("every=")) {
                every = wholeNumber(when.substring("every=".length()), "every=N");
                if (every < 1) {
                    throw new IllegalArgumentException("every=N should have N >= 1");
                }
            } else if (when.endsWith("%")) {
                fraction = number(when.substring(0, when.length() - 1), "@P%") / 100;
            } else {
                throw new IllegalArgumentException("after '@' expected a share like 10% or every=N");
            }
        }
        return new Fault(kind, value, contentType, fraction, every);
    }

    private static double value(Kind kind, String raw) {
        if (raw == null || raw.isEmpty()) {
            if (Double.isNaN(kind.defaultValue)) {
                throw new IllegalArgumentException("'" + kind.spelling + "' needs a value, e.g. " + example(kind));
            }
            return kind.defaultValue;
        }
        return switch (kind) {
            case STATUS, STATUS_TEXT -> {
                long code = wholeNumber(raw, kind.spelling);
                if (code < 400 || code > 599) {
                    throw new IllegalArgumentException("'" + kind.spelling + "' takes an HTTP status from 400 to 599");
                }
                yield code;
            }
            case CUT -> atLeast(kind, wholeNumber(raw, kind.spelling), 0);
            case MALFORMED, BAD_UTF8 -> atLeast(kind, wholeNumber(raw, kind.spelling), 1);
            case HUGE_EVENT -> atLeast(kind, wholeNumber(raw, kind.spelling), 1);
            case STALL_HEADERS, STALL_STREAM -> {
                double seconds = number(raw, kind.spelling);
                if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                    throw new IllegalArgumentException("'" + kind.spelling + "' takes seconds >= 0");
                }
                yield seconds;
            }
            default -> throw new IllegalArgumentException("'" + kind.spelling + "' takes no value");
        };
    }

    private static double atLeast(Kind kind, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("'" + kind.spelling + "' should be >= " + min);
        }
        return value;
    }

    private static long wholeNumber(String raw, String what) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + what + "' takes a whole number, got '" + raw + "'");
        }
    }

    private static double number(String raw, String what) {
        try {
            double v = Double.parseDouble(raw.trim());
            if (Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + what + "' takes a number, got '" + raw + "'");
        }
    }

    private static String example(Kind kind) {
        return switch (kind) {
            case STATUS -> "status=429";
            case STATUS_TEXT -> "status-text=502";
            default -> kind.spelling + "=5";
        };
    }

    private static String spellings() {
        StringBuilder sb = new StringBuilder();
        for (Kind k : Kind.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.spelling);
        }
        return sb.toString();
    }

    /** The fault in {@code --fault} syntax, e.g. {@code status=429@every=3}. */
    public String spec() {
        String shown = switch (kind) {
            case DROP, ENDLESS -> "";
            case WRONG_TYPE -> "=" + text;
            case STALL_HEADERS, STALL_STREAM -> "=" + SimDefaults.format(value);
            default -> "=" + (long) value;
        };
        String when = every > 0 ? "@every=" + every : fraction < 1 ? "@" + SimDefaults.format(fraction * 100) + "%" : "";
        return kind.spelling + shown + when;
    }

    /** The value as a whole number (status code, token number, bytes). */
    int intValue() {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    long valueNanos() {
        return Math.round(value * 1e9);
    }
}
