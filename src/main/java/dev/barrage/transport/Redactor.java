package dev.barrage.transport;

import dev.barrage.config.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hides the credentials a client sends (the API key, values of credential-like headers) in the
 * error messages it records, because servers echo them ("Incorrect API key provided: sk-...").
 * Runs only when a request fails, never on the per-event path. Immutable, thread-safe.
 */
final class Redactor {
    static final String MASK = "***";
    /** Shorter values are too likely to occur by chance ("1", "yes") to be worth replacing. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final String[] secrets;

    private Redactor(List<String> secrets) {
        // longest first, so a value that contains another is replaced whole
        this.secrets = secrets.stream().sorted((a, b) -> b.length() - a.length()).toArray(String[]::new);
    }

    static Redactor of(ClientOptions options) {
        List<String> secrets = new ArrayList<>();
        if (options.apiKey() != null) {
            secrets.add(options.apiKey());
        }
        for (Map.Entry<String, String> h : options.headers().entrySet()) {
            if (Arguments.isSecretHeader(h.getKey()) && h.getValue() != null) {
                secrets.add(h.getValue());
                // "Bearer sk-..." is often echoed without its scheme, or the scheme without the rest
                int space = h.getValue().indexOf(' ');
                if (space > 0) {
                    secrets.add(h.getValue().substring(space + 1).trim());
                }
            }
        }
        secrets.removeIf(s -> s.length() < MIN_SECRET_LENGTH);
        return new Redactor(secrets);
    }

    /** The text with every known secret replaced by {@value #MASK}; {@code null} stays {@code null}. */
    String redact(String text) {
        if (text == null || secrets.length == 0) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
