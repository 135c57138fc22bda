package dev.barrage.sim;

import io.netty.handler.codec.http.HttpMethod;

/** The paths the simulator serves; each {@code /v1/...} path also answers without its {@code /v1} prefix. */
enum Route {
    CHAT_COMPLETIONS(ApiKind.CHAT),
    COMPLETIONS(ApiKind.COMPLETIONS),
    RESPONSES(ApiKind.RESPONSES),
    MESSAGES(ApiKind.ANTHROPIC),
    DASHSCOPE_GENERATION(ApiKind.DASHSCOPE),
    SGLANG_GENERATE(ApiKind.SGLANG),
    /** Any Triton model's {@code /v2/models/<model>/generate_stream} or {@code .../generate}. */
    TRITON_GENERATE(ApiKind.TRTLLM),
    EMBEDDINGS(ApiKind.EMBEDDINGS),
    RERANK(ApiKind.RERANK),
    MODELS("/v1/models", HttpMethod.GET),
    HEALTH("/health", HttpMethod.GET),
    /** Prometheus metrics under vLLM's names ({@link SimMetrics}). */
    METRICS("/metrics", HttpMethod.GET);

    private final String path;
    private final HttpMethod method;
    private final ApiKind kind;

    Route(ApiKind kind) {
        this.path = kind.path();
        this.method = HttpMethod.POST;
        this.kind = kind;
    }

    Route(String path, HttpMethod method) {
        this.path = path;
        this.method = method;
        this.kind = null;
    }

    String path() {
        return path;
    }

    HttpMethod method() {
        return method;
    }

    /** The API this route serves, or null for the others. */
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
        if (path.startsWith("/v2/models/") && (path.endsWith("/generate_stream") || path.endsWith("/generate"))) {
            return TRITON_GENERATE;
        }
        for (Route route : values()) {
            if (route.path.equals(path) || (route.path.startsWith("/v1/") && route.path.substring(3).equals(path))) {
                return route;
            }
        }
        return null;
    }

    /**
     * A path that serves the same API as {@code uri}: {@code uri} itself when it is routed, else
     * the API route its path ends with (a gateway or deployment prefix before
     * {@code /chat/completions}, say), the longest such; {@code null} when none.
     */
    static String servingPath(String uri) {
        if (of(uri) != null) {
            return uri;
        }
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        Route best = null;
        for (Route route : values()) {
            String tail = route.path.startsWith("/v1/") ? route.path.substring(3) : route.path;
            if (route.kind != null && path.endsWith(tail) && (best == null || route.path.length() > best.path.length())) {
                best = route;
            }
        }
        return best == null ? null : best.path;
    }
}
