package dev.barrage.servermetrics;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scrapes the servers' {@code /metrics} pages during one run, into the run's database: once when
 * {@link #start} is called (just before the first request), every interval on a thread of its
 * own, and once more in {@link #stop} (just after the last response). The scrapes go out on the
 * JDK's HTTP client, never on the load's event loop, so scraping cannot delay a request.
 *
 * <p>Guarantees:
 * <ol>
 *   <li>Nothing thrown: an endpoint that is unreachable, slow (each scrape gives up after
 *       {@link #timeout}), answers an error or a malformed page costs that scrape, which is
 *       counted with its reason ({@link #totals()}); the first failure of each endpoint is also
 *       reported through {@code warn}. A database that cannot be written stops the writing, once,
 *       with a warning; scraping results are then lost, never the run.</li>
 *   <li>Each tick scrapes every endpoint at once, so one slow endpoint does not delay another's
 *       timestamps; ticks that fall due while a slow scrape is still running are skipped, not
 *       bunched.</li>
 *   <li>Timestamps are {@link System#nanoTime()} in seconds when the scrape was sent: the clock
 *       of the result table's {@code start_time}.</li>
 * </ol>
 */
public final class ServerMetricsScraper {
    /** A page larger than this is refused rather than read into memory. */
    static final int MAX_PAGE_BYTES = 32 << 20;
    private static final String ACCEPT = "text/plain;version=0.0.4;q=1.0,"
            + "application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";
    /* One client for the process: the JDK's client has no close() before Java 21, so one per run would leave threads behind. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();

    /** A server to scrape. @param label how it is named in files and messages (credentials masked) */
    public record Endpoint(String url, String label) {
    }

    /** What scraping one endpoint gave, so far. */
    public record Totals(String endpoint, int scrapes, int failures, String lastError) {
    }

    private final List<Target> targets = new ArrayList<>();
    private final long intervalNanos;
    private final Duration timeout;
    private final Path database;
    private final Consumer<String> warn;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private ServerMetricsStore store;
    private String storeFailure;
    private Thread thread;
    /** Answers handed over by the HTTP client's threads; recorded by whichever thread scrapes now. */
    private final java.util.concurrent.LinkedBlockingQueue<Answer> answers = new java.util.concurrent.LinkedBlockingQueue<>();
    /** Scrapes sent and not yet recorded; touched only by the scraping thread of the moment. */
    private int inFlight;

    /**
     * @param database the run's {@code benchmark_data.db}, already created
     * @param warn     told the first failure of each endpoint and a database failure, from any thread
     */
    public ServerMetricsScraper(List<Endpoint> endpoints, double intervalS, Path database, Consumer<String> warn) {
        this.intervalNanos = Math.round(intervalS * 1e9);
        this.timeout = timeout(intervalS);
        for (Endpoint e : endpoints) {
            targets.add(new Target(e));
        }
        this.database = database;
        this.warn = warn;
    }

    /** How long one scrape may take: twice the interval, at least 1 s, at most 10 s. */
    static Duration timeout(double intervalS) {
        return Duration.ofMillis(Math.round(Math.min(10, Math.max(1, 2 * intervalS)) * 1000));
    }

    /** Opens the store, scrapes once (waiting for it, at most {@link #timeout}), then starts the thread. */
    public void start() {
        try {
            store = new ServerMetricsStore(database);
        } catch (SQLException e) {
            storeFailed(e);
        }
        scrapeAllAndWait();
        thread = new Thread(this::loop, "barrage-server-metrics");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread, scrapes a last time and closes the store. Call once, after {@link #start}. */
    public List<Totals> stop() throws InterruptedException {
        stopping.countDown();
        thread.join();
        awaitInFlight();
        scrapeAllAndWait();
        if (store != null) {
            try {
                store.close();
            } catch (SQLException e) {
                storeFailed(e);
            }
        }
        return totals();
    }

    /** Per endpoint, in the order given. */
    public List<Totals> totals() {
        List<Totals> totals = new ArrayList<>();
        for (Target t : targets) {
            synchronized (t) {
                totals.add(new Totals(t.endpoint.label(), t.scrapes, t.failures, t.lastError));
            }
        }
        return totals;
    }

    /*
     * Each tick sends to every endpoint that has no scrape in flight; answers are recorded on this
     * thread as they arrive (the HTTP client's threads only hand them over), so a slow endpoint
     * neither delays another one nor piles up requests of its own.
     */
    private void loop() {
        long next = System.nanoTime() + intervalNanos;
        try {
            while (stopping.getCount() > 0) {
                long now = System.nanoTime();
                if (now - next >= 0) {
                    sendIdle(now);
                    next += intervalNanos;
                    if (next - now <= 0) {
                        next = now + intervalNanos - (now - next) % intervalNanos; // skip the ticks a slow scrape missed
                    }
                }
                Answer answer = answers.poll(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer != null) {
                    record(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            warn.accept("server metrics: scraping stopped by an internal error (" + e + "); the run goes on.");
        }
    }

    /** Sends to every endpoint at once and records every answer (each at most {@link #timeout} away). */
    private void scrapeAllAndWait() {
        sendIdle(System.nanoTime());
        awaitInFlight();
    }

    private void awaitInFlight() {
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        try {
            while (inFlight > 0) {
                Answer answer = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    return; // a client that broke its own timeout: the scrape is given up on, uncounted
                }
                record(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendIdle(long sentNanos) {
        for (Target t : targets) {
            if (t.busy) {
                continue;
            }
            t.busy = true;
            inFlight++;
            send(t).whenComplete((response, failure) -> answers.add(new Answer(t, sentNanos, response, failure)));
        }
    }

    private CompletableFuture<HttpResponse<byte[]>> send(Target t) {
        if (t.request == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(t.invalid));
        }
        try {
            // orTimeout also bounds a body that stalls after its headers, which the request's own timeout does not
            return CLIENT.sendAsync(t.request, BoundedBody.handler(MAX_PAGE_BYTES))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void record(Answer answer) {
        Target target = answer.target;
        target.busy = false;
        inFlight--;
        List<Sample> samples = List.of();
        String error = null;
        try {
            if (answer.failure != null) {
                Throwable cause = answer.failure instanceof java.util.concurrent.CompletionException
                        && answer.failure.getCause() != null ? answer.failure.getCause() : answer.failure;
                error = describe(cause);
            } else {
                samples = read(answer.response);
            }
        } catch (ScrapeFailure e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = "internal error: " + e;
        }
        double durationS = (System.nanoTime() - answer.sentNanos) / 1e9;
        boolean first;
        synchronized (target) {
            target.scrapes++;
            first = error != null && target.failures++ == 0;
            if (error != null) {
                target.lastError = error;
            }
        }
        if (first) {
            warn.accept("server metrics: " + target.endpoint.label() + ": " + error + ". Scraping goes on (every"
                    + String.format(Locale.ROOT, " %.3g s", intervalNanos / 1e9) + "); failures are counted in"
                    + " benchmark_summary.json, the run is not affected.");
        }
        if (store != null) {
            try {
                store.add(answer.sentNanos / 1e9, target.endpoint.label(), durationS, samples, error);
            } catch (SQLException e) {
                storeFailed(e);
            }
        }
    }

    /** The page's samples; a failure for an error status or a malformed page. */
    private static List<Sample> read(HttpResponse<byte[]> response) throws ScrapeFailure {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            String excerpt = text.strip().replaceAll("\\s+", " ");
            throw new ScrapeFailure("HTTP " + response.statusCode() + (excerpt.isEmpty() ? "" : " ("
                    + (excerpt.length() > 120 ? excerpt.substring(0, 120) + "…" : excerpt) + ")")
                    + (response.statusCode() == 501 || response.statusCode() == 404
                    ? ": is this the metrics URL, and are metrics on (llama-server needs --metrics)?" : ""));
        }
        String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        try {
            return ExpositionParser.parse(text, type.startsWith("application/openmetrics-text")).samples();
        } catch (ExpositionFormatException e) {
            throw new ScrapeFailure("not a Prometheus metrics page: " + e.getMessage());
        }
    }

    private String describe(Throwable cause) {
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + timeout.toMillis() / 1000.0 + " s";
        }
        if (cause instanceof java.net.ConnectException) {
            return "cannot connect (" + (cause.getMessage() == null ? "connection refused" : cause.getMessage()) + ")";
        }
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void storeFailed(SQLException e) {
        if (storeFailure == null) {
            storeFailure = e.getMessage();
            warn.accept("server metrics: " + database + " cannot be written (" + e.getMessage() + "); the scrapes"
                    + " of this run are not stored.");
        }
        if (store != null) {
            try {
                store.close();
            } catch (SQLException ignored) {
                // already failing; the warning above says it
            }
            store = null;
        }
    }

    /** A scrape that did not give a page; the message is the reason. */
    private static final class ScrapeFailure extends Exception {
        ScrapeFailure(String message) {
            super(message);
        }
    }

    /** A scrape's outcome: the response, or why there is none. */
    private record Answer(Target target, long sentNanos, HttpResponse<byte[]> response, Throwable failure) {
    }

    /** One endpoint and its counts; the counts are guarded by the instance's lock. */
    private final class Target {
        final Endpoint endpoint;
        final HttpRequest request;
        final String invalid;
        /** A scrape is in flight; touched only by the scraping thread of the moment. */
        boolean busy;
        int scrapes;
        int failures;
        String lastError;

        Target(Endpoint endpoint) {
            this.endpoint = endpoint;
            HttpRequest built = null;
            String problem = null;
            try {
                URI uri = new URI(endpoint.url());
                String userInfo = uri.getUserInfo();
                URI bare = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(),
                        null);
                HttpRequest.Builder b = HttpRequest.newBuilder(bare).GET().timeout(timeout).header("Accept", ACCEPT);
                if (userInfo != null && !userInfo.isEmpty()) {
                    b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            userInfo.getBytes(StandardCharsets.UTF_8)));
                }
                built = b.build();
            } catch (URISyntaxException | IllegalArgumentException e) {
                problem = "not a usable URL (" + e.getMessage() + ")";
            }
            this.request = built;
            this.invalid = problem;
        }
    }
}
