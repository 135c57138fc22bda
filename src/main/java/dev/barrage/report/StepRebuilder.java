package dev.barrage.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.ClientVerdict;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.metrics.RunSummary;
import dev.barrage.store.JsonFiles;
import dev.barrage.store.ResultReader;
import dev.barrage.store.StepFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds one run from its step folder's {@code benchmark_data.db}: the rows become
 * {@link RequestRecord}s again and go through the same {@link RunAccumulator} as during the run
 * (with the run's goodput objectives from {@code benchmark_args.json}), so the summary and
 * percentiles come out identical to the ones {@code perf} wrote (see {@link ResultReader} for the
 * precision argument).
 *
 * <p>Three figures are facts about the client, not about any request, so no row holds them: the
 * warm-up requests sent, the open-loop sends dropped, and the client verdict. They are carried over
 * from the folder's previous {@code benchmark_summary.json} when there is one (else: the planned
 * warm-up, 0 dropped, no verdict). Reads only; writes nothing.
 */
public final class StepRebuilder {
    private StepRebuilder() {
    }

    public static RunDetail rebuild(StepFolder folder) {
        List<RequestRecord> records = ResultReader.read(folder.database());
        RunAccumulator accumulator = new RunAccumulator(goodput(folder.args().path("goodput")));
        long firstEpoch = Long.MAX_VALUE;
        for (RequestRecord r : records) {
            accumulator.add(r);
            firstEpoch = Math.min(firstEpoch, r.startEpochMillis());
        }
        JsonNode previous = previousSummary(folder.dir());
        int warmup = previous.path("Warm-up Requests").asInt(folder.args().path("warmup_requests").asInt(0));
        RunSummary summary = accumulator.summary(folder.parallel(), folder.rate(), folder.number(), warmup,
                previous.path("Dropped Requests").asInt(0));
        ClientVerdict verdict = verdict(previous);
        if (verdict != null) {
            summary = summary.withClientVerdict(verdict);
        }
        PercentileTable percentiles = accumulator.percentiles();
        boolean timed = folder.args().path("duration").isNumber();
        boolean interrupted = summary.interruptedRequests() > 0 || !timed && records.size() < folder.number();
        StepResult result = new StepResult(new Arguments.Step(folder.parallel(), folder.number(), folder.rate()),
                summary, percentiles, folder.dir(), interrupted);
        return new RunDetail(result,
                Distribution.of(accumulator.sortedSamples(PercentileTable.TTFT)),
                Distribution.of(accumulator.sortedSamples(PercentileTable.ITL)),
                Timeline.of(records),
                firstEpoch == Long.MAX_VALUE ? 0 : firstEpoch,
                accumulator.conversations().any() ? accumulator.conversations().traceSummary() : null);
    }

    private static Map<String, Double> goodput(JsonNode objectives) {
        Map<String, Double> m = new LinkedHashMap<>();
        objectives.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
        return m;
    }

    private static JsonNode previousSummary(Path dir) {
        Path file = dir.resolve("benchmark_summary.json");
        try {
            return Files.isRegularFile(file) ? JsonFiles.mapper().readTree(file.toFile()) : MissingNode.getInstance();
        } catch (IOException e) {
            return MissingNode.getInstance(); // a damaged summary is what a rebuild is for
        }
    }

    /**
     * The verdict as {@code perf} wrote it: its cause, reasons and checks. Summaries written before
     * the verdict named its cause hold only the line ("CLIENT-LIMITED: a; b — ..."), parsed here.
     */
    private static final String CAUSED = "CLIENT-LIMITED (cause: ";

    static ClientVerdict verdict(JsonNode summary) {
        String line = summary.path("Client Verdict").asText(null);
        if (line == null) {
            return null;
        }
        boolean limited = line.startsWith("CLIENT-LIMITED");
        String cause = summary.path("Client Cause").isTextual() ? summary.path("Client Cause").asText() : null;
        List<String> reasons = new ArrayList<>();
        String body = null;
        if (line.startsWith("CLIENT-LIMITED: ")) {
            body = line.substring("CLIENT-LIMITED: ".length());
        } else if (line.startsWith(CAUSED)) { // "CLIENT-LIMITED (cause: C): reasons — …"
            int close = line.indexOf("): ", CAUSED.length());
            if (close > 0) {
                if (cause == null && !summary.path("Client Cause").isNull()) {
                    cause = line.substring(CAUSED.length(), close);
                }
                body = line.substring(close + 3);
            }
        }
        if (summary.path("Client Reasons").isArray()) {
            summary.path("Client Reasons").forEach(r -> reasons.add(r.asText()));
        } else if (body != null) {
            int end = body.lastIndexOf(" — these numbers measure ");
            reasons.addAll(List.of((end >= 0 ? body.substring(0, end) : body).split("; ")));
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        summary.path("Client Checks").fields().forEachRemaining(
                e -> checks.put(e.getKey(), JsonFiles.mapper().convertValue(e.getValue(), Object.class)));
        return new ClientVerdict(limited, cause, reasons, checks);
    }
}
