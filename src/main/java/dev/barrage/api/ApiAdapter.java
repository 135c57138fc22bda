package dev.barrage.api;

import dev.barrage.dataset.Prompt;

import java.util.Map;

/**
 * One wire protocol: how a prompt becomes a request body, and how the server's answer becomes
 * token events and counts. Implementations are stateless and shared by all I/O threads.
 *
 * <p>{@link #onEvent} runs on an I/O thread for every SSE event, <em>after</em> the event's
 * arrival was stamped: it must not block, log or retain the buffer. An adapter is made by its
 * {@link ApiPlugin}; see {@code docs/extending.md}.
 */
public interface ApiAdapter {
    /** The name given to {@code --api}. */
    String name();

    /** The JSON request body for one prompt (UTF-8). Called off the I/O threads. */
    byte[] buildBody(Prompt prompt);

    /** A minimal request for the connection test (a one-token reply is enough). */
    byte[] buildProbeBody();

    /** True when the request asks for a streamed (SSE) reply. */
    boolean streaming();

    /**
     * One SSE event's data field.
     *
     * @param data         buffer holding the data; valid only during the call
     * @param length       number of bytes of data, from offset 0
     * @param arrivalNanos when the bytes completing this event arrived
     */
    void onEvent(byte[] data, int length, long arrivalNanos, ResponseState state);

    /** A complete non-streamed body of a successful response. */
    void onBody(byte[] body, int length, ResponseState state);

    /**
     * True when a reply carries generated output (text, reasoning, tool calls): a complete reply
     * with none is then flagged as empty. Embeddings and rerankers answer with numbers instead.
     */
    default boolean repliesWithText() {
        return true;
    }

    /** A short human message from an error response body (JSON or not), for the result row. */
    String errorMessage(byte[] body, int length);

    /**
     * Headers every request of this API carries, given {@code --api-key} ({@code null} when none
     * was given: then nothing about authentication is sent). The default is OpenAI's
     * {@code Authorization: Bearer <key>}. {@code --headers} are applied after these and win.
     */
    default Map<String, String> headers(String apiKey) {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }
}
