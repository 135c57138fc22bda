package dev.barrage.api;

/**
 * A protocol Barrage can speak, selected by name with {@code --api}. Built-in APIs and users' own
 * are found the same way, through {@link java.util.ServiceLoader}: a class implementing this
 * interface, with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.barrage.api.ApiPlugin} of a jar on the class path. See
 * {@code docs/extending.md} for a worked example (a TGI {@code /generate_stream} adapter).
 *
 * <p>The plug-in only names the protocol and makes its {@link ApiAdapter}; the adapter builds
 * request bodies from prompts and turns the response (SSE events or a whole body) into token
 * events and counts. Everything else — connections, SSE framing, timestamps, timeouts, retries,
 * load models, storage, statistics — is shared.
 */
public interface ApiPlugin {
    /** The name given to {@code --api}. Built-in names win over a plug-in's. */
    String name();

    /**
     * The usual request path of this API, e.g. {@code /v1/chat/completions}; a bare base URL
     * ({@code http://host:8000} or {@code http://host:8000/v1}) gets it appended.
     */
    String defaultPath();

    /**
     * The URL requests go to for {@code --url url}: by default the URL itself, or, when its path
     * is empty or ends with a leading part of {@link #defaultPath()} (such as {@code /v1}), the
     * URL with the rest of the default path appended ({@link ApiUrls#withDefaultPath}).
     */
    default String resolveUrl(String url) {
        return ApiUrls.withDefaultPath(url, defaultPath());
    }

    /** The adapter for one sweep; called once, on the main thread, before anything is sent. */
    ApiAdapter create(ApiContext context);
}
