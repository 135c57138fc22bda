package dev.barrage.visualizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.barrage.store.JsonFiles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The JDK HTTP client with the few things the visualizers need: JSON bodies, short timeouts (a
 * tracking server must never hold a benchmark up for long), and errors that name the exchange
 * and the server's answer. Blocking; used from the sweep's main thread only.
 */
final class JsonHttp {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Sends a JSON body (or none when {@code body} is null) and parses the JSON answer. */
    JsonNode send(String method, String url, Map<String, String> headers, Object body)
            throws IOException, InterruptedException, VisualizerException {
        String text = body == null ? null : body instanceof String s ? s : JsonFiles.compact(body);
        return sendText(method, url, headers, text, "application/json");
    }

    JsonNode sendText(String method, String url, Map<String, String> headers, String body, String contentType)
            throws IOException, InterruptedException, VisualizerException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String path = URI.create(url).getPath();
        if (response.statusCode() / 100 != 2) {
            throw new VisualizerException(method + " " + path + " answered HTTP " + response.statusCode()
                    + abbreviate(response.body()));
        }
        String answer = response.body();
        if (answer == null || answer.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JsonFiles.mapper().readTree(answer);
        } catch (IOException e) {
            throw new VisualizerException(method + " " + path + " answered something that is not JSON" + abbreviate(answer));
        }
    }

    byte[] put(String url, Map<String, String> headers, byte[] content, String contentType)
            throws IOException, InterruptedException, VisualizerException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).header("Content-Type", contentType);
        headers.forEach(b::header);
        HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new VisualizerException("PUT " + URI.create(url).getPath() + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** A base URL without its trailing '/', so paths can be appended. */
    static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return ": " + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine);
    }
}
