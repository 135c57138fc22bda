package dev.barrage.transport;

import dev.barrage.config.Arguments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hides credentials in text that is recorded, because servers echo them ("Incorrect API key
 * provided: sk-...", or a reply that repeats the Authorization header). The client's redactor
 * knows what it sends (the API key, values of credential-like headers, proxy passwords) and runs
 * only when a request fails; the store's also knows the run's other configured secrets
 * ({@link dev.barrage.config.Secrets}) and runs once per stored row, on the collector thread —
 * never per event on an I/O thread. Immutable, thread-safe.
 */
public final class Redactor {
    public static final String MASK = "***";
    /** Shorter values are too likely to occur by chance ("1", "yes") to be worth replacing. */
    private static final int MIN_SECRET_LENGTH = 4;

    private final String[] secrets;

    private Redactor(Collection<String> values) {
        Set<String> all = new LinkedHashSet<>();
        for (String v : values) {
            if (v == null) {
                continue;
            }
            all.add(v);
            // "Bearer sk-..." is often echoed without its scheme, or the scheme without the rest
            int space = v.indexOf(' ');
            if (space > 0) {
                all.add(v.substring(space + 1).trim());
            }
        }
        all.removeIf(s -> s.length() < MIN_SECRET_LENGTH);
        // longest first, so a value that contains another is replaced whole
        this.secrets = all.stream().sorted((a, b) -> b.length() - a.length()).toArray(String[]::new);
    }

    /** Just these secrets. */
    public static Redactor of(Collection<String> secrets) {
        return new Redactor(secrets);
    }

    static Redactor of(ClientOptions options) {
        return of(options, List.of());
    }

    /** What {@code options} sends, and {@code more} (e.g. {@link dev.barrage.config.Secrets#of}). */
    public static Redactor of(ClientOptions options, Collection<String> more) {
        List<String> secrets = new ArrayList<>(more);
        secrets.add(options.apiKey());
        for (Map.Entry<String, String> h : options.headers().entrySet()) {
            if (Arguments.isSecretHeader(h.getKey())) {
                secrets.add(h.getValue());
            }
        }
        for (Proxies.Proxy proxy : new Proxies.Proxy[] {options.proxies().http(), options.proxies().https()}) {
            if (proxy != null) {
                secrets.add(proxy.password());
            }
        }
        return new Redactor(secrets);
    }

    /** The text with every known secret replaced by {@value #MASK}; {@code null} stays {@code null}. */
    public String redact(String text) {
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
