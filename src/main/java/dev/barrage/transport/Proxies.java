package dev.barrage.transport;

import dev.barrage.BarrageException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP proxies from the environment, as evalscope gets them (aiohttp with {@code trust_env=True},
 * which uses Python's {@code urllib.request.getproxies()} and {@code proxy_bypass()}):
 * {@code http_proxy} for http:// targets, {@code https_proxy} for https:// targets, lower case
 * winning over upper case, and {@code no_proxy} listing hosts to reach directly.
 *
 * <p>{@code no_proxy} entries are comma-separated host names or suffixes ({@code example.com}
 * also matches {@code api.example.com}; a leading dot is ignored), optionally with
 * {@code :port}; {@code *} alone bypasses every proxy. One difference from aiohttp, on purpose:
 * loopback targets ({@code localhost}, 127.0.0.0/8, {@code ::1}) are always reached directly, as
 * Go's and curl's clients do, because a corporate proxy in the environment must never sit between
 * a benchmark and a server on the same machine.
 *
 * <p>Only {@code http://} proxies are supported: plain-HTTP targets go through them in absolute
 * form ({@code POST http://host/path}), HTTPS targets through a {@code CONNECT} tunnel. User and
 * password in the proxy URL become {@code Proxy-Authorization: Basic}. Immutable.
 *
 * @param http    proxy for http:// targets, or {@code null}
 * @param https   proxy for https:// targets, or {@code null}
 * @param noProxy the {@code no_proxy} entries, lower case
 */
public record Proxies(Proxy http, Proxy https, List<String> noProxy) {

    /** No proxy at all. */
    public static final Proxies NONE = new Proxies(null, null, List.of());

    /**
     * One proxy server.
     *
     * @param host     host name or address of the proxy
     * @param port     its port (default 80)
     * @param username user for {@code Proxy-Authorization}, or {@code null}
     * @param password password, or {@code null}
     */
    public record Proxy(String host, int port, String username, String password) {
        /** For messages: never shows the password. */
        @Override
        public String toString() {
            return "http://" + (username != null ? username + ":***@" : "") + host + ":" + port;
        }
    }

    public Proxies {
        noProxy = List.copyOf(noProxy);
    }

    /** From this process's environment variables. */
    public static Proxies fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * From the given variables.
     *
     * @throws BarrageException (invalid input) for a proxy URL that is not {@code http://host[:port]}
     */
    public static Proxies fromEnvironment(Map<String, String> env) {
        Proxy http = parse(variable(env, "http_proxy"), "http_proxy");
        Proxy https = parse(variable(env, "https_proxy"), "https_proxy");
        List<String> noProxy = new ArrayList<>();
        String list = variable(env, "no_proxy");
        if (list != null) {
            for (String entry : list.split(",")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                if (e.startsWith(".")) {
                    e = e.substring(1);
                }
                if (!e.isEmpty()) {
                    noProxy.add(e);
                }
            }
        }
        return new Proxies(http, https, noProxy);
    }

    /** Lower case first, as urllib's getproxies_environment() does; empty counts as unset. */
    private static String variable(Map<String, String> env, String lowerName) {
        String v = env.get(lowerName);
        if (v == null || v.isBlank()) {
            v = env.get(lowerName.toUpperCase(Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Proxy parse(String url, String variable) {
        if (url == null) {
            return null;
        }
        String withScheme = url.contains("://") ? url : "http://" + url;
        try {
            URI uri = new URI(withScheme);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw BarrageException.invalidInput("Invalid proxy '" + redact(url) + "' in " + variable
                        + ": Barrage supports http://host:port proxies (with optional user:password@).");
            }
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            }
            return new Proxy(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), user, password);
        } catch (URISyntaxException e) {
            throw BarrageException.invalidInput("Invalid proxy '" + redact(url) + "' in " + variable + ": "
                    + e.getReason() + ".");
        }
    }

    /** A proxy URL with its password hidden, for messages: up to the last '@', which may hold '/' or '@'. */
    private static String redact(String url) {
        return url.replaceFirst("//([^:/@]*):.*@", "//$1:***@");
    }

    /** The proxy to use for {@code target}, or {@code null} to connect directly. */
    public Proxy proxyFor(HttpTarget target) {
        Proxy proxy = target.https() ? https : http;
        if (proxy == null || isLoopback(target.host()) || bypassed(target)) {
            return null;
        }
        return proxy;
    }

    private boolean bypassed(HttpTarget target) {
        String host = target.host().toLowerCase(Locale.ROOT);
        String hostPort = host + ":" + target.port();
        for (String entry : noProxy) {
            if (entry.equals("*") || matches(host, entry) || matches(hostPort, entry)) {
                return true;
            }
        }
        return false;
    }

    /** {@code name} is {@code entry} or a subdomain of it (urllib: {@code (.+\.)?entry$}). */
    private static boolean matches(String name, String entry) {
        return name.equals(entry) || name.endsWith("." + entry);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
