package dev.barrage.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.api.ApiAdapter;
import dev.barrage.api.ApiContext;
import dev.barrage.api.ApiPlugin;
import dev.barrage.api.ApiPlugins;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Prompt;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.report.Console;
import dev.barrage.sim.SimConfig;
import dev.barrage.sim.SimServer;
import dev.barrage.store.ResultStore;
import dev.barrage.transport.ClientOptions;
import dev.barrage.transport.DeliveryLagProbe;
import dev.barrage.transport.HttpClient;
import dev.barrage.transport.HttpTarget;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warms Barrage's own request path before the first measured request of a process, so the first
 * wave of a run is not measured by a cold JVM (class loading, the interpreter, JIT compilation,
 * empty buffer pools: on a 100 ms server it added 10-20 ms to the first wave's TTFT).
 *
 * <p>It runs the real client path end to end on synthetic traffic: the simulator renders its
 * answer to the run's own request (the run's API, {@value #REPLY_TOKENS} tokens) once, and a
 * {@link CannedReplyServer} on loopback replays it chunk by chunk to the run's API adapter, the
 * run's first dataset prompts, the scheduler ({@link LoadRun}), fresh connection pools (connect,
 * pre-connect, write, HTTP and SSE decoding, event parsing, stamping), the collector, the metrics
 * and an SQLite file that is deleted afterwards, on the run's own I/O threads. The server does
 * next to no work per request, so the CPU and the compilers spend the warm-up on the client. The
 * target is never contacted. Rounds of {@value #ROUND_MILLIS} ms run until the JIT compilers go
 * quiet or {@value #BUDGET_MILLIS} ms have passed; then it waits for the compile queue and
 * collects the garbage. Once per process: a sweep's later runs, and later benchmarks through the
 * Java API, find the JVM warm.
 *
 * <p>It draws nothing from the run's random sequences (its adapter and max_tokens draw are its
 * own) and leaves the arrival-schedule seed alone, so a seeded run sends what it would have sent.
 */
final class ClientWarmup {
    /** Time for the rounds; the compile-queue drain and a GC afterwards take at most {@value #SETTLE_MILLIS} ms more. */
    static final long BUDGET_MILLIS = 1500;
    static final long SETTLE_MILLIS = 500;
    static final long ROUND_MILLIS = 250;
    static final int MIN_ROUNDS = 3;
    /** A round is quiet when the compilers worked less than this share of its wall time. */
    static final double QUIET_JIT_SHARE = 0.10;
    static final int PARALLEL = 64;
    static final int REPLY_TOKENS = 16;
    private static final int PROMPTS = 16;
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private ClientWarmup() {
    }

    /**
     * What the warm-up did, for {@code run_meta.json}.
     *
     * @param status "done", "off" (--no-client-warmup), "already warm" (earlier in this process),
     *               "skipped" (too few file descriptors) or "failed" (the run goes on cold;
     *               {@code note} says why)
     */
    record Report(String status, String api, int rounds, long requests, long events, long connections,
            double seconds, double jitMillis, String note) {

        /** A warm-up that did not run. */
        static Report notRun(String status, String api, String note) {
            return new Report(status, api, 0, 0, 0, 0, 0, 0, note);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status);
            m.put("api", api);
            m.put("rounds", rounds);
            m.put("requests", requests);
            m.put("events", events);
            m.put("connections", connections);
            m.put("seconds", Math.round(seconds * 1000) / 1000.0);
            m.put("jit_compile_ms", Math.round(jitMillis * 10) / 10.0);
            m.put("target_contacted", false);
            m.put("note", note);
            return m;
        }

        String line() {
            return switch (status) {
                case "done" -> String.format(java.util.Locale.ROOT, "Client warm-up: %d requests, %d events over %d"
                        + " connections to an in-process loopback server in %.2f s (the target was not contacted; "
                        + "--no-client-warmup skips this).", requests, events, connections, seconds);
                case "failed", "skipped" -> "Client warm-up " + status + " (" + note + "); the first run may read high"
                        + " TTFTs.";
                default -> null;
            };
        }
    }

    /** Warms once per process; later calls return "already warm" at once. */
    static Report runOnce(Arguments args, ApiPlugin api, ObjectNode template, String targetPath, Dataset dataset,
            EventLoopGroup group, StopSignal stop) {
        if (args.noClientWarmup()) {
            return Report.notRun("off", api.name(), "--no-client-warmup");
        }
        if (!DONE.compareAndSet(false, true)) {
            return Report.notRun("already warm", api.name(), "warmed earlier in this process");
        }
        // each warm-up connection takes two descriptors (both ends are in this process); leave the run plenty
        if (LocalLimits.freeFileDescriptors() < 8L * PARALLEL) {
            return Report.notRun("skipped", api.name(), "only " + LocalLimits.freeFileDescriptors()
                    + " file descriptors free (ulimit -n): the run needs them");
        }
        try {
            return warm(args, api, template, targetPath, dataset, group, stop);
        } catch (RuntimeException | IOException e) {
            return Report.notRun("failed", api.name(), String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Report.notRun("failed", api.name(), "interrupted");
        }
    }

    /** One warm-up, whether or not the process is warm; a stop request ends it after the current round. */
    static Report warm(Arguments args, ApiPlugin api, ObjectNode template, String targetPath, Dataset dataset,
            EventLoopGroup group, StopSignal stop) throws IOException, InterruptedException {
        Traffic traffic = traffic(args, api, template, targetPath, dataset);
        if (traffic == null) {
            return Report.notRun("failed", api.name(), "no reply to warm up with");
        }
        ApiAdapter adapter = args.deliveryLag() ? new DeliveryLagProbe(traffic.adapter()) : traffic.adapter();
        Dataset prompts = traffic.prompts();
        String path = traffic.path();
        byte[] reply = traffic.reply();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long jitStart = jitTimed ? jit.getTotalCompilationTime() : 0;
        Path dir = Files.createTempDirectory("barrage-warmup-");
        Console silent = new Console(new PrintStream(OutputStream.nullOutputStream()), false);
        long start = System.nanoTime();
        int rounds = 0;
        long requests = 0;
        long connections = 0;
        try (CannedReplyServer server = CannedReplyServer.start(reply)) {
            HttpTarget target = HttpTarget.parse("http://127.0.0.1:" + server.port() + path);
            ClientOptions options = ClientOptions.fromSeconds(10.0, 10.0, 10.0, Map.of(), null);
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
            long jitBefore = jitStart;
            while (!stop.requested() && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUND_MILLIS) <= deadline) {
                long roundStart = System.nanoTime();
                // odd rounds open their connections first (the runs' pre-connect), even ones on demand
                long[] done = round(group, target, options, adapter, prompts, dir.resolve(rounds + ".db"), silent,
                        rounds % 2 == 1, stop);
                requests += done[0];
                connections += done[1];
                rounds++;
                long jitNow = jitTimed ? jit.getTotalCompilationTime() : 0;
                double roundMillis = (System.nanoTime() - roundStart) / 1e6;
                if (rounds >= MIN_ROUNDS && jitTimed && jitNow - jitBefore < QUIET_JIT_SHARE * roundMillis) {
                    break;
                }
                jitBefore = jitNow;
            }
        } finally {
            deleteAll(dir);
        }
        if (!stop.requested()) {
            settle(jit, jitTimed);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int events = sseEvents(reply);
        return new Report("done", traffic.api(), rounds, requests, requests * events, connections, seconds,
                jitTimed ? jit.getTotalCompilationTime() - jitStart : Double.NaN, traffic.note());
    }

    /** What the warm-up sends and what it is answered: the run's API, or OpenAI's chat in its place. */
    private record Traffic(String api, String path, ApiAdapter adapter, Dataset prompts, byte[] reply, String note) {
    }

    /** The run's API on the run's prompts when the simulator can answer them; else OpenAI's chat; null if neither. */
    private static Traffic traffic(Arguments args, ApiPlugin api, ObjectNode template, String targetPath,
            Dataset dataset) {
        Arguments warm = args.toBuilder().maxTokensRange(REPLY_TOKENS, REPLY_TOKENS).minTokens(null)
                .extraArgs(Map.of("ignore_eos", true)).build();
        String path = SimServer.speaks(api.name()) ? SimServer.pathServing(targetPath) : null;
        if (path != null) {
            ApiAdapter adapter = api.create(new ApiContext(warm, targetPath, template));
            Dataset prompts = prompts(dataset, args.multiTurn());
            byte[] reply = render(adapter, path, prompts);
            if (reply != null) {
                return new Traffic(api.name(), path, adapter, prompts, reply, null);
            }
        }
        // a plug-in API, or a body the simulator refuses: warm the shared path with OpenAI's chat
        ApiPlugin openai = ApiPlugins.find("openai");
        ApiAdapter adapter = openai.create(new ApiContext(warm, openai.defaultPath(), template));
        Dataset prompts = prompts(dataset, true);
        byte[] reply = render(adapter, openai.defaultPath(), prompts);
        return reply == null ? null : new Traffic(openai.name(), openai.defaultPath(), adapter, prompts, reply,
                "the simulator does not answer --api " + api.name() + " at " + targetPath
                        + ": warmed with openai chat; this API's event parser stays cold");
    }

    /** SSE events in a rendered reply: its "data:" lines (0 for a whole-body reply). */
    private static int sseEvents(byte[] reply) {
        String text = new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int i = text.indexOf("\ndata:"); i >= 0; i = text.indexOf("\ndata:", i + 1)) {
            n++;
        }
        return n;
    }

    /** The simulator's answer to the warm-up's first request, or {@code null} when it is not a success. */
    private static byte[] render(ApiAdapter adapter, String path, Dataset prompts) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: warmup\r\n")
                .append("Content-Type: application/json\r\n");
        if (adapter.streaming()) {
            head.append("Accept: text/event-stream\r\n");
        }
        adapter.headers(null).forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        SimConfig config = SimConfig.builder().build();
        try {
            byte[] reply = SimServer.renderReply(config, head.toString(), adapter.buildBody(prompts.get(0)));
            String status = new String(reply, 0, Math.min(reply.length, 12), java.nio.charset.StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 2") ? reply : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Lets the compilers finish what the warm-up queued (a C2 compile finishing during the first
     * wave takes its CPU, on one core half of it), then collects the warm-up's garbage, so the
     * first run starts on compiled code and an empty young generation.
     */
    private static void settle(CompilationMXBean jit, boolean jitTimed) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        long last = jitTimed ? jit.getTotalCompilationTime() : 0;
        int quiet = 0;
        while (jitTimed && quiet < 2 && System.nanoTime() < end) {
            Thread.sleep(50);
            long now = jit.getTotalCompilationTime();
            quiet = now - last < 5 ? quiet + 1 : 0;
            last = now;
        }
        System.gc();
    }

    /**
     * One round: a fresh pool, {@value #PARALLEL} streams for {@value #ROUND_MILLIS} ms.
     *
     * @return requests completed and connections opened
     */
    private static long[] round(EventLoopGroup group, HttpTarget target, ClientOptions options, ApiAdapter adapter,
            Dataset prompts, Path db, Console silent, boolean preconnect, StopSignal stop) throws InterruptedException {
        RunAccumulator accumulator = new RunAccumulator();
        ResultStore store = ResultStore.create(db);
        Collector collector = new Collector(accumulator, store, adapter.streaming(), silent, "warm-up", 0, 0, false);
        LoadPlan plan = new LoadPlan(PARALLEL, 0, Integer.MAX_VALUE, -1, ArrivalSchedule.Process.POISSON, 1, 0,
                TimeUnit.MILLISECONDS.toNanos(ROUND_MILLIS), Integer.MAX_VALUE, 0);
        try (HttpClient client = new HttpClient(group, target, options, adapter)) {
            if (preconnect) {
                client.preconnect(PARALLEL);
            }
            collector.start();
            try {
                new LoadRun(client, adapter, prompts, stop, plan).run(collector);
            } finally {
                collector.finish();
                try {
                    store.close();
                } catch (java.sql.SQLException e) {
                    // a warm-up database that cannot be closed costs nothing: it is deleted
                }
            }
            return new long[] {accumulator.count(), client.connectionsOpened()};
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /**
     * The run's first prompts (so its body building is warmed on the shapes it will send), or
     * built-in text for conversations; never a trace's timeline.
     */
    private static Dataset prompts(Dataset dataset, boolean multiTurn) {
        List<Prompt> first = new ArrayList<>();
        if (!multiTurn) {
            for (int i = 0; i < Math.min(PROMPTS, dataset.size()); i++) {
                first.add(dataset.get(i));
            }
        }
        if (first.isEmpty()) {
            first.add(Prompt.ofText("Say hello, then count from one to twenty in words."));
        }
        return new Dataset("warm-up", first);
    }
}
