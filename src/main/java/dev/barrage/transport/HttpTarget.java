package dev.barrage.transport;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where requests go: scheme, host, port and path of one URL, parsed once.
 *
 * @param https      true for {@code https://}
 * @param host       host name or address literal (no brackets)
 * @param port       the explicit port, or 80/443
 * @param path       path plus query, at least "/"
 * @param hostHeader the {@code Host} header value
 */
public record HttpTarget(boolean https, String host, int port, String path, String hostHeader) {

    public static HttpTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw BarrageException.invalidInput("Invalid value '" + Arguments.maskUrl(url) + "' for option '--url': "
                    + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw BarrageException.invalidInput("Invalid value '" + Arguments.maskUrl(url)
                    + "' for option '--url': not an http:// or https:// URL.");
        }
        boolean https = scheme.equals("https");
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int defaultPort = https ? 443 : 80;
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) {
            throw BarrageException.invalidInput("Invalid value '" + Arguments.maskUrl(url) + "' for option '--url': port " + port
                    + " is out of range (1-65535).");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        String hostHeader = uri.getHost() + (port == defaultPort ? "" : ":" + port);
        return new HttpTarget(https, host, port, path, hostHeader);
    }

    /**
     * {@code Basic} credentials for a URL that carries {@code user:password@} (as curl sends
     * them), or {@code null} when it carries none or cannot be parsed.
     */
    public static String basicAuthorization(String url) {
        if (url == null) {
            return null; // the embedded demo: no --url
        }
        try {
            String userInfo = new URI(url).getUserInfo(); // percent-decoded
            if (userInfo == null || userInfo.isEmpty()) {
                return null;
            }
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The same server with another path (e.g. {@code /v1/models}). */
    public HttpTarget withPath(String newPath) {
        return new HttpTarget(https, host, port, newPath, hostHeader);
    }

    /**
     * The path's API root: everything before the endpoint ({@code /chat/completions},
     * {@code /completions}, {@code /responses}, {@code /messages}, {@code /embeddings}, {@code /rerank}).
     */
    public String apiRoot() {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        for (String suffix : new String[] {"/chat/completions", "/completions", "/responses", "/messages", "/embeddings",
                "/rerank"}) {
            if (p.endsWith(suffix)) {
                return p.substring(0, p.length() - suffix.length());
            }
        }
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The URL as the user would write it, for messages. */
    public String url() {
        return (https ? "https://" : "http://") + hostHeader + path;
    }
}
