package dev.barrage.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barrage.StepResult;
import dev.barrage.Version;
import dev.barrage.config.Arguments;
import dev.barrage.config.Secrets;
import dev.barrage.store.JsonFiles;
import dev.barrage.transport.ClientOptions;
import dev.barrage.transport.EventLoops;
import dev.barrage.transport.HttpExchange;
import dev.barrage.transport.HttpGet;
import dev.barrage.transport.HttpTarget;
import dev.barrage.transport.Redactor;
import io.netty.channel.EventLoopGroup;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code run_meta.json} at the sweep root: what ran where — Barrage and JVM versions, the machine,
 * the server's {@code /v1/models} answer and the headers of its first response — so results can
 * be compared and trusted later.
 */
final class RunMeta {
    private static final int MODELS_TIMEOUT_MILLIS = 5000;

    private final Map<String, Object> meta = new LinkedHashMap<>();
    private final HttpTarget target;
    /** Servers echo credentials in headers too (a debug header repeating Authorization, say). */
    private final Redactor redactor;

    RunMeta(Arguments args, HttpTarget target) {
        this.target = target;
        this.redactor = Redactor.of(Secrets.of(args));
        meta.put("barrage_version", Version.get());
        meta.put("started_at", Instant.now().toString());
        Runtime rt = Runtime.getRuntime();
        meta.put("java", Map.of(
                "version", System.getProperty("java.version"),
                "vendor", System.getProperty("java.vendor"),
                "vm", System.getProperty("java.vm.name")));
        meta.put("os", Map.of(
                "name", System.getProperty("os.name"),
                "version", System.getProperty("os.version"),
                "arch", System.getProperty("os.arch")));
        meta.put("cpus", rt.availableProcessors());
        meta.put("garbage_collectors", collectors());
        meta.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        meta.put("max_heap_mb", rt.maxMemory() / (1024 * 1024));
        meta.put("transport", EventLoops.transportName());
        meta.put("url", Arguments.maskUrl(target.url()));
        meta.put("embedded_simulator", args.embedded());
        meta.put("model", args.model());
        meta.put("server_models", null);
        meta.put("first_response_headers", null);
    }

    /** What warmed Barrage's own request path before the first run ({@link ClientWarmup}). */
    /** The JVM's collectors by their JMX names, e.g. ["ZGC Cycles", "ZGC Pauses"]. */
    static List<String> collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /**
     * A warning when the JVM collects with SerialGC — what it picks by itself when it sees one CPU
     * (taskset, a one-CPU container): its pauses stop the I/O threads for tens of milliseconds.
     */
    static String serialGcWarning() {
        return collectors().contains("Copy") || collectors().contains("MarkSweepCompact")
                ? "The JVM collects garbage with SerialGC (it sees " + Runtime.getRuntime().availableProcessors()
                        + " CPU): its pauses stop Barrage's timestamps for tens of ms. Start Barrage with ./barrage,"
                        + " or add -XX:+UseZGC to the java command."
                : null;
    }

    void recordClientWarmup(Map<String, Object> warmup) {
        meta.put("client_warmup", warmup);
    }

    void recordFirstResponse(HttpExchange probe) {
        if (meta.get("first_response_headers") != null || probe.responseHeaders() == null) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        probe.responseHeaders().forEach(e -> headers.put(e.getKey(),
                Arguments.isSecretHeader(e.getKey()) ? "***" : redactor.redact(e.getValue())));
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("status", probe.statusCode());
        first.put("headers", headers);
        meta.put("first_response_headers", first);
    }

    /** GET {@code <api root>/models}; any failure is recorded, never fatal. */
    void fetchModels(EventLoopGroup group, ClientOptions options) {
        HttpTarget models = target.withPath(target.apiRoot() + "/models");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", Arguments.maskUrl(models.url()));
        try {
            HttpGet.Result r = HttpGet.fetch(group, models, options, MODELS_TIMEOUT_MILLIS)
                    .get(MODELS_TIMEOUT_MILLIS * 3L, TimeUnit.MILLISECONDS);
            answer.put("status", r.status());
            answer.put("body", parseOrText(r.body()));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            answer.put("error", cause.getClass().getSimpleName() + ": " + redactor.redact(cause.getMessage()));
        }
        meta.put("server_models", answer);
    }

    private static Object parseOrText(String body) {
        try {
            JsonNode node = JsonFiles.mapper().readTree(body);
            return node != null ? node : body;
        } catch (Exception notJson) {
            return body.length() > 2000 ? body.substring(0, 2000) : body;
        }
    }

    void finish(List<StepResult> results) {
        meta.put("finished_at", Instant.now().toString());
        meta.put("runs", results.stream().map(r -> r.folder().getFileName().toString()).toList());
    }

    Map<String, Object> toMap() {
        return meta;
    }
}
