package dev.barrage.config;

import dev.barrage.BarrageException;

import java.util.Locale;
import java.util.Map;

/**
 * What a request header may hold (RFC 9110 section 5), checked before anything is sent so a bad
 * {@code --headers} entry or API key is the user's error (exit 2), not a failure deep in the HTTP
 * encoder. Names are tokens; values carry no control character (a CR or LF would end the header
 * and start another one: header injection), do not start with a space, and fit in Latin-1,
 * because headers travel as one byte per character. Values are never echoed: they may be secrets.
 */
final class HeaderRules {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private HeaderRules() {
    }

    static void check(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            checkName(h.getKey());
            String problem = valueProblem(h.getValue());
            if (problem != null) {
                throw BarrageException.invalidInput("Invalid value for option '--headers': the value of header '"
                        + h.getKey() + "' " + problem + ".");
            }
        }
    }

    /** The key travels as a header value (Authorization: Bearer KEY, x-api-key: KEY). */
    static void checkApiKey(String key, String source) {
        String problem = key == null ? null : valueProblem(key);
        if (problem != null) {
            throw BarrageException.invalidInput("The API key from " + (source == null ? "--api-key" : source) + " "
                    + problem + "; it is sent in a request header, so it must be one line of printable characters.");
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw BarrageException.invalidInput("Invalid value for option '--headers': a header has an empty name;"
                    + " use --headers Name=value, e.g. --headers X-Team=perf.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c < 128 && (Character.isLetterOrDigit(c) || TOKEN_SYMBOLS.indexOf(c) >= 0);
            if (!token) {
                throw BarrageException.invalidInput("Invalid value for option '--headers': '" + printable(name)
                        + "' is not a valid header name: " + describe(c) + " is not allowed (names are letters,"
                        + " digits and " + TOKEN_SYMBOLS + "); use --headers Name=value, e.g. --headers X-Team=perf.");
            }
        }
    }

    /** Why {@code value} cannot be sent as a header value, or {@code null} when it can. */
    private static String valueProblem(String value) {
        if (value == null) {
            return null;
        }
        if (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(0) == '\t')) {
            return "starts with a space or tab; remove it (HTTP drops leading whitespace)";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return "contains a line break (CR or LF), which would end the header and start another; give it"
                        + " on one line";
            }
            if (c < ' ' && c != '\t' || c == 0x7f) {
                return "contains the control character " + describe(c) + "; remove it";
            }
            if (c > 0xff) {
                return "contains " + describe(c) + ", which an HTTP header cannot carry (one byte per character:"
                        + " ASCII or Latin-1)";
            }
        }
        return null;
    }

    private static String describe(char c) {
        String code = String.format(Locale.ROOT, "U+%04X", (int) c);
        return c < ' ' || c == 0x7f ? code : "'" + c + "' (" + code + ")";
    }

    /** The name with control characters written as U+XXXX, so the error stays one line. */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder();
        name.chars().forEach(c -> sb.append(c < ' ' || c == 0x7f ? String.format(Locale.ROOT, "<U+%04X>", c)
                : String.valueOf((char) c)));
        return sb.toString();
    }
}
