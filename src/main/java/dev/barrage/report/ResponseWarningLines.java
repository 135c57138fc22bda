package dev.barrage.report;

import dev.barrage.metrics.ResponseWarning;
import dev.barrage.metrics.RunSummary;

import java.util.ArrayList;
import java.util.List;

/**
 * One line per {@link ResponseWarning} a run met, for the console and performance_summary.txt:
 * how many requests, and what it means. Responses with warnings kept their results; the lines say
 * the figures rest on something odd the server did.
 */
public final class ResponseWarningLines {
    private ResponseWarningLines() {
    }

    /** The lines, in the warnings' order; empty when the run met none. */
    public static List<String> of(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        for (ResponseWarning w : ResponseWarning.values()) {
            Integer n = summary.responseWarnings().get(w.key());
            if (n != null && n > 0) {
                lines.add(n + " of " + summary.totalRequests() + " request" + (summary.totalRequests() == 1 ? "" : "s")
                        + ": " + w.description() + " [" + w.key() + "]");
            }
        }
        return lines;
    }
}
