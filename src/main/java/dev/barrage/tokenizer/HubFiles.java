package dev.barrage.tokenizer;

import dev.barrage.BarrageException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads single files of HuggingFace hub repositories ({@code <endpoint>/<repo>/resolve/main/<file>},
 * datasets under {@code /datasets/}) into a cache folder, once: a cached file is used without
 * asking the hub again. The endpoint is {@code $HF_ENDPOINT} (as in huggingface_hub; a mirror
 * works), default {@code https://huggingface.co}; {@code $HF_TOKEN} is sent when set. The cache is
 * {@code $BARRAGE_CACHE_DIR/hub}, default {@code ~/.cache/barrage/hub}.
 *
 * <p>Runs on the main thread before any request; every failure is one clear line (exit code 2)
 * saying what to pass instead.
 */
public final class HubFiles {
    /** A hub repository id: {@code owner/name}. */
    static final String REPO_ID = "[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Model or dataset repositories live under different URL paths. */
    public enum Kind { MODEL, DATASET }

    private final String endpoint;
    private final Path cacheRoot;
    private final String token;

    public HubFiles(String endpoint, Path cacheRoot, String token) {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.cacheRoot = cacheRoot;
        this.token = token;
    }

    /** From {@code HF_ENDPOINT}, {@code BARRAGE_CACHE_DIR} and {@code HF_TOKEN}. */
    public static HubFiles fromEnvironment() {
        String endpoint = System.getenv().getOrDefault("HF_ENDPOINT", "https://huggingface.co");
        String cache = System.getenv("BARRAGE_CACHE_DIR");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "barrage");
        return new HubFiles(endpoint, root.resolve("hub"), System.getenv("HF_TOKEN"));
    }

    public String endpoint() {
        return endpoint;
    }

    static boolean looksLikeRepoId(String s) {
        return s.matches(REPO_ID);
    }

    /** Where {@code file} of {@code repo} is (or would be) cached. */
    public Path cached(Kind kind, String repo, String file) {
        String folder = (kind == Kind.MODEL ? "models--" : "datasets--") + repo.replace("/", "--");
        return cacheRoot.resolve(folder).resolve(file);
    }

    /**
     * The local copy of a hub file, downloaded on first use.
     *
     * @param required false: a file the repository may lack (404 gives {@code null})
     * @param instead  what the user can do instead, for the error line, e.g. "Pass a local folder
     *                 or tokenizer.json to --tokenizer-path."
     */
    public Path fetch(Kind kind, String repo, String file, boolean required, String instead) {
        Path target = cached(kind, repo, file);
        if (Files.isRegularFile(target)) {
            return target;
        }
        URI uri = URI.create(endpoint + (kind == Kind.DATASET ? "/datasets/" : "/") + repo + "/resolve/main/" + file);
        String what = "'" + file + "' of " + (kind == Kind.MODEL ? "model" : "dataset") + " '" + repo + "'";
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), file, ".part");
            HttpResponse<Path> response = send(uri, partial);
            int status = response.statusCode();
            if (status == 200) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            }
            Files.deleteIfExists(partial);
            if (status == 404 && !required) {
                return null;
            }
            throw BarrageException.invalidInput("Cannot download " + what + " from " + endpoint + ": HTTP " + status
                    + (status == 401 || status == 403 ? " (a gated or private repository: set HF_TOKEN)" : "")
                    + (status == 404 ? " (no such repository or file)" : "") + ". " + instead);
        } catch (IOException e) {
            throw BarrageException.invalidInput("Cannot download " + what + " from " + endpoint + " ("
                    + describe(e) + "): the hub is not reachable from this machine. " + instead);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BarrageException.invalidInput("Interrupted while downloading " + what + ". " + instead);
        }
    }

    private HttpResponse<Path> send(URI uri, Path into) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "barrage");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofFile(into));
    }

    private static String describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.toLowerCase(Locale.ROOT));
    }
}
