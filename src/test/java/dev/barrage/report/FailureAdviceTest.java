package dev.barrage.report;

import dev.barrage.metrics.RequestRecord;
import dev.barrage.metrics.RunAccumulator;
import dev.barrage.metrics.RunSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The low-success warning tells requests the server rejected from a server that could not keep up. */
class FailureAdviceTest {
    private static RequestRecord record(long index, int status, String errorType, String error) {
        return new RequestRecord(index, "{}", true, 1_700_000_000_000L, 0, 0, 0, 0, 1_000_000, new long[0], -1, -1,
                false, -1, -1, "", "", status, errorType, error, 1);
    }

    /** 2 successes, then the failures given as (status, type, message) triples. */
    private static RunSummary run(Object... failures) {
        RunAccumulator acc = new RunAccumulator();
        acc.add(record(0, 200, null, null));
        acc.add(record(1, 200, null, null));
        for (int i = 0; i < failures.length; i += 3) {
            acc.add(record(2 + i, (Integer) failures[i], (String) failures[i + 1], (String) failures[i + 2]));
        }
        return acc.summary(4, -1, 10);
    }

    @Test
    void aRunWithBothKindsGetsBothAdvices() {
        String line = FailureAdvice.of(run(400, "http_error", "HTTP 400: model 'x' not found",
                400, "http_error", "HTTP 400: model 'x' not found",
                503, "http_error", "HTTP 503: busy",
                0, "read_timeout", "the server sent nothing for 1 s (--read-timeout)"), "concurrency 4");
        assertThat(line).startsWith("Warning: only 33.3% of requests succeeded at concurrency 4; the server rejected 2"
                + " request(s) as invalid (HTTP 400: \"model 'x' not found\"): fix the requests, not the load")
                .contains(" Besides, 2 failed because the server is failing or overloaded there (HTTP 503,"
                        + " read_timeout): lower --parallel or --rate");
    }

    @Test
    void rateLimitsAndRequestTimeoutsAreLoadNotRejections() {
        String line = FailureAdvice.of(run(429, "http_error", "HTTP 429: slow down",
                408, "http_error", "HTTP 408: timeout"), "concurrency 4");
        assertThat(line).contains("2 failed because the server is failing or overloaded there (HTTP 429, HTTP 408)")
                .doesNotContain("rejected");
    }

    @Test
    void otherCausesKeepTheGeneralWording() {
        String line = FailureAdvice.of(run(200, "bad_response", "the response body is not JSON",
                200, "bad_response", "the response body is not JSON"), "concurrency 4");
        assertThat(line).endsWith("; the server is failing or overloaded there (see Failure Causes).");
    }
}
