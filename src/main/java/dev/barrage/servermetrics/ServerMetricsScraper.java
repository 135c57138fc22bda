package dev.barrage.servermetrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Scrapes the servers' {@code /metrics} pages during one run, into the run's database: once when
 * {@link #start} is called (just before the first request), every interval, and once more when
 * {@link #stop} is called (just after the last response). Each endpoint has a thread of its own,
 * never the load's event loop, so scraping cannot delay a request and a slow endpoint delays no
 * other.
 *
 * <p>Plain blocking {@link HttpURLConnection}s, kept alive between scrapes by the JDK: the JDK's
 * asynchronous client cost twice the CPU per scrape here (its selector thread and future
 * chains), and {@code bench/server-metrics.sh} measures the difference that matters at 100 ms.
 *
 * <p>Guarantees:
 * <ol>
 *   <li>Nothing thrown: an endpoint that is unreachable, slow (a scrape gives up after
 *       {@link #timeout}), answers an error or a malformed page costs that scrape, which is
 *       counted with its reason ({@link #totals()}); the first failure of each endpoint is also
 *       reported through {@code warn}. A database that cannot be written stops the writing, once,
 *       with a warning; the scrapes are then lost, never the run.</li>
 *   <li>Ticks that fall due while a slow scrape is still running are skipped, not bunched.</li>
 *   <li>Timestamps are {@link System#nanoTime()} in seconds when the scrape was sent: the clock
 *       of the result table's {@code start_time}.</li>
 *   <li>The store is written under its own lock, by one endpoint's thread at a time.</li>
 * </ol>
 */
public final class ServerMetricsScraper {
    /** A page larger than this is refused rather than read into memory. */
    static final int MAX_PAGE_BYTES = 32 << 20;
    private static final String ACCEPT = "text/plain;version=0.0.4;q=1.0,"
            + "application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1";

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
    private final Object storeLock = new Object();
    /** Guarded by {@link #storeLock}. */
    private ServerMetricsStore store;
    private boolean storeFailed;

    /**
     * @param database the run's {@code benchmark_data.db}, already created
     * @param warn     told the first failure of each endpoint and a database failure, from any thread
     */
    public ServerMetricsScraper(List<Endpoint> endpoints, double intervalS, Path database, Consumer<String> warn) {
        this.intervalNanos = Math.round(intervalS * 1e9);
        this.timeout = timeout(intervalS);
        this.database = database;
        this.warn = warn;
        for (Endpoint e : endpoints) {
            targets.add(new Target(e));
        }
    }

    /** How long one scrape may take: twice the interval, at least 1 s, at most 10 s. */
    static Duration timeout(double intervalS) {
        return Duration.ofMillis(Math.round(Math.min(10, Math.max(1, 2 * intervalS)) * 1000));
    }

    /** Opens the store and scrapes every endpoint once, waiting for it (at most about {@link #timeout}). */
    public void start() throws InterruptedException {
        try {
            synchronized (storeLock) {
                store = new ServerMetricsStore(database);
            }
        } catch (SQLException e) {
            storeFailed(e);
        }
        CountDownLatch first = new CountDownLatch(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            t.thread = new Thread(() -> t.loop(first), "barrage-server-metrics-" + (i + 1));
            t.thread.setDaemon(true);
            t.thread.start();
        }
        first.await(2 * timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** Has every endpoint scraped a last time, then closes the store. Call once, after {@link #start}. */
    public List<Totals> stop() throws InterruptedException {
        stopping.countDown();
        for (Target t : targets) {
            t.thread.join(2 * timeout.toMillis() + 1000); // a scrape under way, then the last one
        }
        synchronized (storeLock) {
            if (store != null) {
                try {
                    store.close();
                } catch (SQLException e) {
                    storeFailed(e);
                }
                store = null;
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

    private void storeFailed(SQLException e) {
        synchronized (storeLock) {
            if (!storeFailed) {
                storeFailed = true;
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
    }

    /** A scrape that did not give a page; the message is the reason. */
    private static final class ScrapeFailure extends Exception {
        ScrapeFailure(String message) {
            super(message);
        }
    }

    /** One endpoint: its thread, its request and its counts (guarded by the instance's lock). */
    private final class Target {
        final Endpoint endpoint;
        final URL url;
        final String authorization;
        final String invalid;
        Thread thread;
        int scrapes;
        int failures;
        String lastError;

        Target(Endpoint endpoint) {
            this.endpoint = endpoint;
            URL parsed = null;
            String auth = null;
            String problem = null;
            try {
                URI uri = new URI(endpoint.url());
                String userInfo = uri.getUserInfo();
                parsed = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null)
                        .toURL();
                if (userInfo != null && !userInfo.isEmpty()) {
                    auth = "Basic " + java.util.Base64.getEncoder().encodeToString(
                            userInfo.getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                problem = "not a usable URL (" + e.getMessage() + ")";
            }
            this.url = parsed;
            this.authorization = auth;
            this.invalid = problem;
        }

        /** The first scrape, one a tick until a stop is asked for, then the last one. */
        void loop(CountDownLatch first) {
            try {
                scrapeOnce();
                first.countDown();
                long next = System.nanoTime() + intervalNanos;
                while (!stopping.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    scrapeOnce();
                    next += intervalNanos;
                    long now = System.nanoTime();
                    if (next - now <= 0) {
                        next = now + intervalNanos - (now - next) % intervalNanos; // skip the ticks a slow scrape missed
                    }
                }
                scrapeOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                warn.accept("server metrics: scraping " + endpoint.label() + " stopped by an internal error (" + e
                        + "); the run goes on.");
            } finally {
                first.countDown();
            }
        }

        private void scrapeOnce() {
            long sentNanos = System.nanoTime();
            List<Sample> samples = List.of();
            String error = null;
            try {
                samples = fetch(sentNanos);
            } catch (ScrapeFailure e) {
                error = e.getMessage();
            } catch (SocketTimeoutException e) {
                error = "no answer within " + timeout.toMillis() / 1000.0 + " s";
            } catch (java.net.ConnectException e) {
                error = "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (RuntimeException e) {
                error = "internal error: " + e;
            }
            record(sentNanos, samples, error);
        }

        private List<Sample> fetch(long sentNanos) throws IOException, ScrapeFailure {
            if (url == null) {
                throw new ScrapeFailure(invalid);
            }
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            int millis = (int) timeout.toMillis();
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setRequestProperty("Accept", ACCEPT);
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : read(in, sentNanos + timeout.toNanos());
            if (status != 200) {
                String excerpt = text.strip().replaceAll("\\s+", " ");
                throw new ScrapeFailure("HTTP " + status + (excerpt.isEmpty() ? "" : " ("
                        + (excerpt.length() > 120 ? excerpt.substring(0, 120) + "…" : excerpt) + ")")
                        + (status == 501 || status == 404
                        ? ": is this the metrics URL, and are metrics on (llama-server needs --metrics)?" : ""));
            }
            String type = String.valueOf(c.getContentType()).toLowerCase(Locale.ROOT);
            try {
                return ExpositionParser.parse(text, type.startsWith("application/openmetrics-text")).samples();
            } catch (ExpositionFormatException e) {
                throw new ScrapeFailure("not a Prometheus metrics page: " + e.getMessage());
            }
        }

        /** The body, bounded in size and in time (a page that trickles in stops at the deadline). */
        private String read(InputStream in, long deadlineNanos) throws IOException, ScrapeFailure {
            try (in) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(16384);
                byte[] buffer = new byte[16384];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes.write(buffer, 0, n);
                    if (bytes.size() > MAX_PAGE_BYTES) {
                        throw new ScrapeFailure("the page is larger than " + (MAX_PAGE_BYTES >> 20) + " MiB");
                    }
                    if (System.nanoTime() - deadlineNanos > 0) {
                        throw new SocketTimeoutException();
                    }
                }
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        private void record(long sentNanos, List<Sample> samples, String error) {
            double durationS = (System.nanoTime() - sentNanos) / 1e9;
            boolean first;
            synchronized (this) {
                scrapes++;
                first = error != null && failures++ == 0;
                if (error != null) {
                    lastError = error;
                }
            }
            if (first) {
                warn.accept("server metrics: " + endpoint.label() + ": " + error + ". Scraping goes on (every"
                        + String.format(Locale.ROOT, " %.3g s", intervalNanos / 1e9) + "); failures are counted in"
                        + " benchmark_summary.json, the run is not affected.");
            }
            synchronized (storeLock) {
                if (store != null) {
                    try {
                        store.add(sentNanos / 1e9, endpoint.label(), durationS, samples, error);
                    } catch (SQLException e) {
                        storeFailed(e);
                    }
                }
            }
        }
    }
}
