package dev.barrage.load;

import dev.barrage.BarrageException;
import dev.barrage.config.Arguments;
import dev.barrage.dataset.Dataset;
import dev.barrage.dataset.Trace;
import dev.barrage.metrics.PercentileTable;
import dev.barrage.metrics.RunSummary;
import dev.barrage.report.Console;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The load side of a trace replay ({@code --dataset workload_trace}): what each run replays and
 * how it is described, the send times {@link LoadRun} follows, the ids the store keeps, and the
 * replay's fidelity afterwards. A replay is always an open loop: record i is due at run start +
 * (timestamp<sub>i</sub> − timestamp<sub>0</sub>) / speed — its intended send time — whatever is
 * in flight; {@code --max-in-flight} still drops (and counts) sends beyond it.
 *
 * <p>Each run replays the trace from its first record, once: {@code --number} records are
 * measured (every record without {@code --number}), after the {@code --warmup-num} records that
 * open the timeline. A run is described by the trace's own load: open loop at the mean rate of
 * its measured records, (n − 1) / (their replay span), to 4 significant figures — so folders,
 * reports and the achieved-rate check read as for {@code --open-loop --rate}. A run whose
 * measured records all fall at one instant (or one record) has no rate; it is described as
 * {@code parallel N} (all sent at once), and still replayed as an open loop.
 *
 * <p>Stateless; called on the main (scheduler) thread. See {@code docs/metrics.md}, "Intended
 * send time".
 */
final class TraceReplay {
    private TraceReplay() {
    }

    /**
     * The arguments for the sweep: notes about the trace shown once, and without {@code --model}
     * the first body's model as the run's model (connection test, folder name, bodies without one).
     */
    static Arguments prepare(Arguments args, Dataset dataset, Console console) {
        Trace trace = dataset.trace();
        if (trace == null) {
            return args;
        }
        trace.notes().forEach(console::warn);
        if (args.model() != null) {
            return args;
        }
        if (trace.models().isEmpty()) {
            throw BarrageException.invalidInput("Missing required option '--model': no body of the trace names its"
                    + " model, so give the one the server serves.");
        }
        String model = trace.models().get(0);
        console.info("No --model given: each body keeps its own model; " + model + " is used for the connection test"
                + " and the output folder's name.");
        return args.toBuilder().model(model).build();
    }

    /**
     * The sweep's runs: {@link Arguments#steps()} unless the dataset is a trace, which has one run
     * per {@code --number} value, or one run of the whole trace without it ({@code --parallel}
     * does not apply, so its values make no runs).
     */
    static List<Arguments.Step> steps(Arguments args, Dataset dataset, Console console) {
        Trace trace = dataset.trace();
        if (trace == null) {
            return args.steps();
        }
        List<Arguments.Step> steps = new ArrayList<>();
        for (int number : args.numberGiven() ? args.number() : List.of(trace.size())) {
            int measured = Trace.measured(args, number, trace.size());
            if (args.numberGiven() && measured < number) {
                console.info("--number " + number + " is more than the trace holds: its " + measured
                        + " measured record(s) are each replayed once, not repeated.");
            }
            steps.add(step(trace, args.warmupCount(measured), measured));
        }
        return steps;
    }

    /** The run replaying {@code warmup} then {@code measured} records, described by their mean rate. */
    static Arguments.Step step(Trace trace, int warmup, int measured) {
        long spanNanos = trace.offsetNanos(warmup + measured - 1) - trace.offsetNanos(warmup);
        if (measured < 2 || spanNanos <= 0) {
            return new Arguments.Step(warmup + measured, measured, -1);
        }
        double rate = (measured - 1) / (spanNanos / 1e9);
        return new Arguments.Step(-1, measured, new BigDecimal(rate).round(new MathContext(4)).doubleValue());
    }

    /** e.g. "Replaying 500 trace records spanning 120.0 s at speed 2 (60.0 s), open loop: ...". */
    static String describe(Trace trace, LoadPlan plan) {
        int n = plan.total();
        double recorded = trace.recordedSeconds(0, n - 1);
        return "Replaying " + n + " trace record" + (n == 1 ? "" : "s")
                + (plan.warmup() > 0 ? " (the first " + plan.warmup() + " as warm-up)" : "")
                + " spanning " + seconds(recorded) + " at speed " + Arguments.Step.formatRate(trace.speed()) + " ("
                + seconds(recorded / trace.speed()) + "), open loop: each is sent at its time in the trace whatever"
                + " is in flight (--parallel does not apply; beyond --max-in-flight " + plan.maxInFlight()
                + " outstanding, sends are dropped and counted).";
    }

    /** When each record is due, ns after the run's start, read in order by {@link LoadRun}. */
    static LongSupplier schedule(Trace trace) {
        int[] next = {0};
        return () -> trace.offsetNanos(next[0]++);
    }

    /** The request id to store for each measured request's index: its record's, or {@code null}. */
    static LongFunction<String> requestIds(Trace trace, int warmup) {
        return index -> trace.requestId((int) index + warmup);
    }

    /**
     * e.g. "Replay fidelity: 12 of 12 records sent over 0.603 s for the trace's 0.600 s; send −
     * intended send p50 0.41 ms, p99 2.10 ms, max 3.02 ms."
     */
    static String fidelity(Trace trace, LoadPlan plan, RunSummary summary, PercentileTable percentiles) {
        int sent = summary.totalRequests();
        StringBuilder sb = new StringBuilder("Replay fidelity: ").append(sent).append(" of ").append(plan.number())
                .append(" records sent");
        if (summary.schedule().droppedRequests() > 0) {
            sb.append(" (").append(summary.schedule().droppedRequests()).append(" dropped at --max-in-flight)");
        }
        double achieved = summary.schedule().achievedRate();
        if (sent == plan.number() && sent > 1 && achieved > 0) {
            double intended = (trace.offsetNanos(plan.total() - 1) - trace.offsetNanos(plan.warmup())) / 1e9;
            sb.append(" over ").append(seconds((sent - 1) / achieved)).append(" for the trace's ")
                    .append(seconds(intended));
        }
        String lag = PercentileTable.SCHEDULE_LAG;
        if (sent > 0) {
            sb.append(String.format(Locale.ROOT, "; send − intended send p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    percentiles.value(lag, "50%"), percentiles.value(lag, "99%"), percentiles.value(lag, "max")));
        }
        return sb.append('.').toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, s >= 1 ? "%.1f s" : "%.3f s", s);
    }
}
