package dev.barrage.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Credentials a URL carries: {@code user:password@} before the host, and the values of
 * credential-like query parameters ({@code ?api_key=...}, {@code &sig=...}). {@link #mask} hides
 * them for files, logs and messages; {@link #of} lists them so stored text can be scrubbed.
 */
public final class UrlCredentials {
    private UrlCredentials() {
    }

    /** The URL with user:password replaced by {@code ***} and secret query values by {@code ***}. */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        int[] user = userInfo(url);
        String masked = user == null ? url : url.substring(0, user[0]) + "***" + url.substring(user[1]);
        int q = masked.indexOf('?');
        if (q < 0) {
            return masked;
        }
        StringBuilder sb = new StringBuilder(masked.substring(0, q + 1));
        String[] params = masked.substring(q + 1).split("&", -1);
        for (int i = 0; i < params.length; i++) {
            int eq = params[i].indexOf('=');
            sb.append(i > 0 ? "&" : "").append(eq >= 0 && isSecretParameter(params[i].substring(0, eq))
                    ? params[i].substring(0, eq) + "=***" : params[i]);
        }
        return sb.toString();
    }

    /** The secrets in the URL, as written and percent-decoded: user:password, the password, secret query values. */
    public static List<String> of(String url) {
        List<String> secrets = new ArrayList<>();
        if (url == null) {
            return secrets;
        }
        int[] user = userInfo(url);
        if (user != null) {
            String info = url.substring(user[0], user[1]);
            addDecoded(secrets, info);
            int colon = info.indexOf(':');
            if (colon >= 0) {
                addDecoded(secrets, info.substring(colon + 1));
            }
        }
        int q = url.indexOf('?');
        if (q >= 0) {
            int hash = url.indexOf('#', q);
            for (String param : url.substring(q + 1, hash < 0 ? url.length() : hash).split("&")) {
                int eq = param.indexOf('=');
                if (eq >= 0 && isSecretParameter(param.substring(0, eq))) {
                    addDecoded(secrets, param.substring(eq + 1));
                }
            }
        }
        return secrets;
    }

    private static boolean isSecretParameter(String name) {
        return Arguments.isSecretHeader(name) || name.toLowerCase(Locale.ROOT).startsWith("sig");
    }

    private static void addDecoded(List<String> secrets, String raw) {
        secrets.add(raw);
        try {
            String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            if (!decoded.equals(raw)) {
                secrets.add(decoded);
            }
        } catch (IllegalArgumentException notEncoded) {
            // a stray '%': the raw form is what was typed
        }
    }

    /**
     * Where {@code user:password} is: [start, end) before its '@', or {@code null}. The authority
     * ends at the first '/', '?' or '#'; a URL that is not valid that way (a password holding '/',
     * a missing scheme) is hidden up to its last '@' before the query, since an error message
     * about it must not show the password either.
     */
    private static int[] userInfo(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = url.lastIndexOf('@', firstOf(url, "/?#", start) - 1);
        if (at < start && !validWithHost(url)) {
            at = url.lastIndexOf('@', firstOf(url, "?#", start) - 1);
        }
        return at >= start ? new int[] {start, at} : null;
    }

    private static int firstOf(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static boolean validWithHost(String url) {
        try {
            return new URI(url).getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
