package dev.barrage.api;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Completes a bare base URL with an API's usual path, as evalscope does for {@code --url}:
 * {@code http://host:8000} and {@code http://host:8000/v1} both become
 * {@code http://host:8000/v1/chat/completions} for {@code --api openai}. A URL whose path is
 * anything else is taken as the endpoint itself.
 */
public final class ApiUrls {
    private ApiUrls() {
    }

    /**
     * {@code url} with the part of {@code defaultPath} it lacks appended: the longest trailing run
     * of whole path segments of the URL that is also a leading run of the default path's segments
     * decides where the two overlap ({@code /compatible-mode/v1} + {@code /v1/chat/completions} →
     * {@code /compatible-mode/v1/chat/completions}). An empty path overlaps with nothing and gets
     * the whole default path. With no overlap the URL is returned unchanged.
     */
    public static String withDefaultPath(String url, String defaultPath) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return url; // Arguments reports malformed URLs with the flag's name
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String rest = missingPart(trimmed, defaultPath);
        if (rest == null) {
            return url;
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String base = url.substring(0, url.length() - query.length() - path.length());
        return base + trimmed + rest + query;
    }

    /** What to append to {@code path} (no trailing slash), or null when it is not a bare base path. */
    static String missingPart(String path, String defaultPath) {
        if (path.isEmpty()) {
            return defaultPath;
        }
        if (path.equals(defaultPath) || path.endsWith(defaultPath)) {
            return null;
        }
        String[] segments = path.substring(1).split("/");
        for (int start = 0; start < segments.length; start++) {
            String suffix = "/" + String.join("/", java.util.Arrays.copyOfRange(segments, start, segments.length));
            if (defaultPath.startsWith(suffix + "/")) {
                return defaultPath.substring(suffix.length());
            }
        }
        return null;
    }
}
