package dev.barrage.report;

import dev.barrage.metrics.FailureMessages;
import dev.barrage.metrics.RunSummary;
import dev.barrage.transport.ErrorType;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a run's failures ask for. A request the server rejected (4xx: too long for its context, an
 * unknown model, a bad parameter) fails the same at any load: the request must change. A server
 * that could not keep up (429, 5xx, timeouts, dropped connections) needs less load or more
 * capacity. Telling them apart needs the statuses behind "http_error", which the summary's
 * failure messages carry.
 */
final class FailureAdvice {
    /** Failures without a status that come from a server under too much load (or one going down). */
    private static final Set<String> OVERLOAD_TYPES = Set.of(ErrorType.READ_TIMEOUT, ErrorType.TOTAL_TIMEOUT,
            ErrorType.CONNECT_TIMEOUT, ErrorType.CONNECTION_CLOSED, ErrorType.CONNECTION_REFUSED);

    private FailureAdvice() {
    }

    /** One warning line for a run whose success rate is low; {@code at} names the run's load. */
    static String of(RunSummary s, String at) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "Warning: only %.1f%% of requests succeeded at %s;", s.successRatePercent(), at));
        List<FailureMessages.Group> groups = s.failureMessages();
        List<FailureMessages.Group> rejected = groups.stream().filter(FailureMessages.Group::rejected).toList();
        List<FailureMessages.Group> overload = groups.stream().filter(FailureAdvice::overload).toList();
        if (!rejected.isEmpty()) {
            FailureMessages.Group top = rejected.stream().max(Comparator.comparingInt(FailureMessages.Group::requests))
                    .get();
            line.append(" the server rejected ").append(count(rejected)).append(" request(s) as invalid (HTTP ")
                    .append(top.statusCode()).append(top.example().isEmpty() ? "" : ": \"" + top.example() + "\"")
                    .append("): fix the requests, not the load — e.g. leave out long prompts with"
                            + " --max-prompt-length (counted in tokens with --tokenizer-path), lower --max-tokens, or"
                            + " set the right --model and --extra-args.");
        }
        if (!overload.isEmpty()) {
            line.append(rejected.isEmpty() ? " " : " Besides, ").append(count(overload))
                    .append(" failed because the server is failing or overloaded there (")
                    .append(String.join(", ", overload.stream().map(FailureAdvice::name).distinct().toList()))
                    .append("): lower --parallel or --rate, or give the server more capacity or time.");
        }
        if (rejected.isEmpty() && overload.isEmpty()) {
            line.append(" the server is failing or overloaded there (see Failure Causes).");
        }
        return line.toString();
    }

    private static boolean overload(FailureMessages.Group g) {
        int status = g.statusCode();
        return status == 408 || status == 429 || status >= 500 || status == 0 && OVERLOAD_TYPES.contains(g.errorType());
    }

    private static String name(FailureMessages.Group g) {
        return g.statusCode() > 0 ? "HTTP " + g.statusCode() : g.errorType();
    }

    private static int count(List<FailureMessages.Group> groups) {
        return groups.stream().mapToInt(FailureMessages.Group::requests).sum();
    }
}
