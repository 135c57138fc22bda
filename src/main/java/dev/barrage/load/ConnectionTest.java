package dev.barrage.load;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.api.ApiAdapter;
import dev.barrage.transport.ClientOptions;
import dev.barrage.transport.ErrorType;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * One tiny request before a run, so a wrong URL, key or model fails in a second with one clear
 * line instead of as a thousand failed requests. Refused connections, unknown hosts, TLS errors
 * and 4xx answers fail at once; 5xx answers and timeouts are retried for about
 * {@value #RETRY_WINDOW_SECONDS} s (a server still loading), then fail.
 */
final class ConnectionTest {
    static final int RETRY_WINDOW_SECONDS = 10;
    /** A probe asks for one token of "hello": any healthy server answers well within this. */
    static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long RETRY_PAUSE_MILLIS = 1000;
    private static final Set<String> FAIL_AT_ONCE = Set.of(ErrorType.CONNECTION_REFUSED, ErrorType.UNKNOWN_HOST,
            ErrorType.TLS, ErrorType.CONNECT_ERROR, ErrorType.INTERRUPTED);

    private ConnectionTest() {
    }

    /**
     * The run's client settings (proxies included), with connect, read and total timeouts capped
     * for the probe, and no {@code --retries}: the probe retries on its own.
     */
    static ClientOptions options(ClientOptions run) {
        long total = Math.min(run.totalTimeoutNanos(), PROBE_TIMEOUT_NANOS);
        long read = run.readTimeoutNanos() > 0 ? Math.min(run.readTimeoutNanos(), total) : total;
        int connectMillis = (int) Math.min(run.connectTimeoutMillis(), TimeUnit.NANOSECONDS.toMillis(total));
        return new ClientOptions(connectMillis, read, total, run.headers(), run.apiKey(), run.maxEventBytes(),
                run.maxBodyBytes(), 0, run.proxies());
    }

    /** Returns the successful probe exchange (its response headers are captured). */
    static HttpExchange run(HttpClient client, ApiAdapter adapter, StopSignal stop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_WINDOW_SECONDS);
        String url = dev.barrage.config.Arguments.maskUrl(client.target().url());
        while (true) {
            HttpExchange probe = send(client, adapter, stop);
            if (probe == null) {
                throw interrupted(url);
            }
            if (probe.success()) {
                return probe;
            }
            boolean clientError = probe.statusCode() >= 400 && probe.statusCode() < 500;
            if (stop.requested()) {
                throw interrupted(url);
            }
            if (FAIL_AT_ONCE.contains(probe.errorType()) || clientError || System.nanoTime() > deadline) {
                throw BarrageException.unreachable("Connection test to " + url + " failed: " + probe.error()
                        + hint(probe) + " (--no-test-connection skips this test)");
            }
            if (stop.await(TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS))) {
                throw interrupted(url);
            }
        }
    }

    private static BarrageException interrupted(String url) {
        return new BarrageException(ExitCode.INTERRUPTED, "Stopped during the connection test to " + url
                + "; nothing was measured.");
    }

    /** Sends one probe and waits for it; {@code null} when a stop request cut the wait short. */
    private static HttpExchange send(HttpClient client, ApiAdapter adapter, StopSignal stop)
            throws InterruptedException {
        CompletableFuture<HttpExchange> done = new CompletableFuture<>();
        client.execute(new HttpExchange(-1, adapter.buildProbeBody(), System.nanoTime(), true, done::complete));
        while (true) {
            try {
                return done.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (stop.requested()) {
                    client.cancelAll();
                    return null;
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("connection test failed unexpectedly", e.getCause());
            }
        }
    }

    private static String hint(HttpExchange probe) {
        return switch (probe.errorType()) {
            case ErrorType.CONNECTION_REFUSED -> ". Is the server running and listening on that port?";
            case ErrorType.UNKNOWN_HOST -> ". Check the host name in --url.";
            case ErrorType.TLS -> ". Check the server's certificate, or use http:// if it does not speak TLS.";
            case ErrorType.HTTP_ERROR -> switch (probe.statusCode()) {
                case 401, 403 -> ". Check --api-key or the credentials in --headers.";
                case 404 -> ". Check the path in --url (e.g. /v1/chat/completions) and --model.";
                default -> probe.statusCode() < 500 ? ". The server rejected the test request: check --model and"
                        + " the body settings (--extra-args, --query-template)." : ". The server kept failing.";
            };
            default -> ".";
        };
    }
}
