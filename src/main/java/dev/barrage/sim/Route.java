package dev.barrage.sim;

import io.netty.handler.codec.http.HttpMethod;

/** The paths the simulator serves; each also answers without its {@code /v1} prefix. */
enum Route {
    CHAT_COMPLETIONS("/v1/chat/completions", HttpMethod.POST, ApiKind.CHAT),
    COMPLETIONS("/v1/completions", HttpMethod.POST, ApiKind.COMPLETIONS),
    MODELS("/v1/models", HttpMethod.GET, null),
    HEALTH("/health", HttpMethod.GET, null);

    private final String path;
    private final HttpMethod method;
    private final ApiKind kind;

    Route(String path, HttpMethod method, ApiKind kind) {
        this.path = path;
        this.method = method;
        this.kind = kind;
    }

    String path() {
        return path;
    }

    HttpMethod method() {
        return method;
    }

    /** The generation endpoint, or null for the others. */
    ApiKind kind() {
        return kind;
    }

    /** The route for a request URI (query string ignored, trailing slash allowed), or null. */
    static Route of(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        for (Route route : values()) {
            if (route.path.equals(path) || (route.path.startsWith("/v1/") && route.path.substring(3).equals(path))) {
                return route;
            }
        }
        return null;
    }
}
