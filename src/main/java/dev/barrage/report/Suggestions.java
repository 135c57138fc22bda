package dev.barrage.report;

import dev.barrage.StepResult;
import dev.barrage.config.Arguments;
import dev.barrage.metrics.RunSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The advice after a sweep: where throughput peaks, whether the limit was reached, and what to
 * try next. Runs are compared in order of load (concurrency). Throughput counts as "on the
 * plateau" within {@value #PLATEAU_FRACTION} of the peak, so noise between two saturated runs
 * does not move the recommendation.
 */
public final class Suggestions {
    static final double PLATEAU_FRACTION = 0.95;
    static final double LOW_SUCCESS_PERCENT = 95;

    private Suggestions() {
    }

    public static List<String> of(List<StepResult> runs) {
        List<String> out = new ArrayList<>();
        List<StepResult> measured = runs.stream().filter(r -> r.summary().successRequests() > 0)
                .sorted(Comparator.comparingDouble(Suggestions::load)).toList();
        if (measured.isEmpty()) {
            out.add("No request succeeded: check the failures above before reading any figure.");
            out.addAll(failureWarnings(runs));
            return out;
        }
        StepResult bestRps = measured.stream().max(Comparator.comparingDouble(r -> r.summary().reqThroughput())).get();
        StepResult bestLatency = measured.stream().min(Comparator.comparingDouble(r -> r.summary().avgLatencyS())).get();
        out.add(String.format(Locale.ROOT, "Best throughput: %.2f req/s (%.1f output tok/s) at %s.",
                bestRps.summary().reqThroughput(), bestRps.summary().outputThroughput(), at(bestRps)));
        out.add(String.format(Locale.ROOT, "Best latency: %.3f s average at %s.",
                bestLatency.summary().avgLatencyS(), at(bestLatency)));
        if (measured.size() == 1 && measured.get(0).step().paced()) {
            out.add("Only one load level was measured: sweep several rates (e.g. --rate 2 4 8 16 --number 100 200 400"
                    + " 800; a replayed trace: runs at several --dataset-args speeds) to find the server's limit.");
        } else if (measured.size() == 1) {
            out.add("Only one load level was measured: sweep several (e.g. --parallel 1 8 32 128 --number 16 64 256 512)"
                    + " to find the server's limit.");
        } else {
            out.add(limitAdvice(measured, bestRps));
        }
        out.addAll(failureWarnings(runs));
        return out;
    }

    /** One warning per run below {@value #LOW_SUCCESS_PERCENT} % success: what its failures ask for. */
    private static List<String> failureWarnings(List<StepResult> runs) {
        List<String> out = new ArrayList<>();
        for (StepResult r : runs) {
            RunSummary s = r.summary();
            if (s.totalRequests() > 0 && s.successRatePercent() < LOW_SUCCESS_PERCENT) {
                out.add(FailureAdvice.of(s, at(r)));
            }
        }
        return out;
    }

    private static String limitAdvice(List<StepResult> byLoad, StepResult peak) {
        double peakRps = peak.summary().reqThroughput();
        StepResult last = byLoad.get(byLoad.size() - 1);
        StepResult beforeLast = byLoad.get(byLoad.size() - 2);
        if (last == peak && last.summary().reqThroughput() > beforeLast.summary().reqThroughput() / PLATEAU_FRACTION) {
            return "Limit not reached: throughput still grew at the highest load tested; test higher load"
                    + (last.step().paced() ? " (larger --rate)." : " (larger --parallel).");
        }
        if (byLoad.get(0) == peak && byLoad.stream().skip(1)
                .allMatch(r -> r.summary().reqThroughput() < PLATEAU_FRACTION * peakRps)) {
            return "Throughput is highest at the lowest load tested and falls beyond it: lower the load"
                    + " to find the optimum.";
        }
        StepResult knee = byLoad.stream().filter(r -> r.summary().reqThroughput() >= PLATEAU_FRACTION * peakRps)
                .findFirst().orElse(peak);
        double growth = last.summary().avgLatencyS() / knee.summary().avgLatencyS();
        return String.format(Locale.ROOT, "Throughput plateaus at about %.2f req/s from %s; beyond it"
                        + " average latency grows %.1fx (up to %s) without more throughput. Recommended: %s.",
                peakRps, at(knee), growth, at(last), at(knee));
    }

    /** The load level of a run: its rate when paced, else its concurrency. */
    static double load(StepResult r) {
        return r.step().paced() ? r.step().rate() : r.summary().concurrency();
    }

    private static String at(StepResult r) {
        return r.step().paced() ? "rate " + Arguments.Step.formatRate(r.step().rate()) + " req/s"
                : "concurrency " + r.summary().concurrency();
    }
}
