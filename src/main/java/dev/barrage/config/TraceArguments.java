package dev.barrage.config;

import dev.barrage.BarrageException;

/**
 * The flags a trace replay ({@code --dataset workload_trace} or {@code mooncake_trace}) reads
 * differently: the trace sets every send time, so there is no rate, ramp or concurrency to search;
 * each workload_trace body names its model, so {@code --model} is optional there (the first
 * record's model stands in for it).
 */
final class TraceArguments {
    static final String DATASET = "workload_trace";
    static final String MOONCAKE = "mooncake_trace";

    private TraceArguments() {
    }

    static boolean isTrace(Arguments a) {
        return DATASET.equals(a.dataset()) || MOONCAKE.equals(a.dataset());
    }

    /** A trace whose bodies name their own model: --model may be left out. */
    static boolean bodiesNameTheModel(Arguments a) {
        return DATASET.equals(a.dataset());
    }

    /** Rejects the flags a trace replay cannot honour, each with what to do instead. */
    static void validate(Arguments a) {
        if (!isTrace(a)) {
            return;
        }
        String why = "--dataset " + a.dataset() + " sends each record at its time in the trace";
        for (Double r : a.rate()) {
            if (r != null && r > 0) {
                throw BarrageException.invalidInput("Invalid value '" + r + "' for option '--rate': " + why
                        + "; replay faster or slower with --dataset-args '{\"speed\": 2}'.");
            }
        }
        if (a.rampUp() != null) {
            throw BarrageException.invalidInput("Option '--ramp-up' does not apply: " + why + ".");
        }
        if (a.slaAutoTune()) {
            throw BarrageException.invalidInput("Option '--sla-auto-tune' does not apply: " + why
                    + "; there is no --parallel or --rate to search.");
        }
        if (a.prompt() != null) {
            throw BarrageException.invalidInput("Option '--prompt' would replace the trace's bodies; leave it out to"
                    + " replay --dataset " + a.dataset() + ".");
        }
    }
}
