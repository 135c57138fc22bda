package dev.barrage.load;

import dev.barrage.BarrageException;
import dev.barrage.ExitCode;
import dev.barrage.api.ApiAdapter;
import dev.barrage.report.Console;
import dev.barrage.transport.ClientOptions;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpExchange;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * One tiny request before a run, so a wrong URL, key or model fails in a second with one clear
 * line instead of as a thousand failed requests. Refused connections, unknown hosts, TLS errors,
 * redirects, 4xx answers and 2xx answers that are no API's (a web page) fail at once, naming what
 * came back; 5xx answers and timeouts are retried for about {@value #RETRY_WINDOW_SECONDS} s (a
 * server still loading), then fail; a 429 lets the run go on with a warning ({@link ProbeAnswer}).
 */
final class ConnectionTest {
    static final int RETRY_WINDOW_SECONDS = 10;
    /** A probe asks for one token of "hello": any healthy server answers well within this. */
    static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long RETRY_PAUSE_MILLIS = 1000;

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

    /**
     * Returns the probe exchange that passed (its response headers are captured); a 429 passes
     * with one warning on {@code console}, every other failure throws with exit code 3, at once or
     * after the retry window ({@link ProbeAnswer}).
     */
    static HttpExchange run(HttpClient client, ApiAdapter adapter, StopSignal stop, Console console)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RETRY_WINDOW_SECONDS);
        String url = dev.barrage.config.Arguments.maskUrl(client.target().url());
        while (true) {
            HttpExchange probe = send(client, adapter, stop);
            if (probe == null) {
                throw interrupted(url);
            }
            ProbeAnswer answer = ProbeAnswer.of(probe, url, adapter.name());
            if (answer.verdict() == ProbeAnswer.Verdict.PASS) {
                return probe;
            }
            if (stop.requested()) {
                throw interrupted(url);
            }
            switch (answer.verdict()) {
                case WARN -> {
                    console.warn("Connection test to " + url + ": " + answer.detail());
                    return probe;
                }
                case RETRY -> {
                    if (System.nanoTime() > deadline) {
                        throw failed(url, answer);
                    }
                }
                case FAIL -> throw failed(url, answer);
            }
            if (stop.await(TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MILLIS))) {
                throw interrupted(url);
            }
        }
    }

    private static BarrageException failed(String url, ProbeAnswer answer) {
        return BarrageException.unreachable("Connection test to " + url + " failed: " + answer.detail()
                + " (--no-test-connection skips this test)");
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
}
