package dev.barrage.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Grouping the server's messages of failed requests: what groups together, what is kept, what is bounded. */
class FailureMessagesTest {
    private static RequestRecord failed(String type, int status, String error) {
        return new RequestRecord(0, "{}", true, 1_700_000_000_000L, 0, 0, 0, 0, 1, new long[0], -1, -1, false, -1, -1,
                "", "", status, type, error, 1);
    }

    @Test
    void messagesThatDifferOnlyInNumbersGroupAndKeepTheFirstAsExample() {
        FailureMessages m = new FailureMessages();
        m.add(failed("http_error", 400, "HTTP 400: request (2165 tokens) exceeds the available context size (2048"
                + " tokens)"));
        m.add(failed("http_error", 400, "HTTP 400: request (2170 tokens) exceeds the available context size (2048"
                + " tokens)"));
        m.add(failed("http_error", 503, "HTTP 503: request (2170 tokens) exceeds the available context size (2048"
                + " tokens)"));
        m.add(failed("read_timeout", 0, "the server sent nothing for 0.5 s (--read-timeout)"));
        assertThat(m.top(List.of("http_error", "read_timeout"))).containsExactly(
                new FailureMessages.Group("http_error", 400, 2,
                        "request (2165 tokens) exceeds the available context size (2048 tokens)"),
                new FailureMessages.Group("http_error", 503, 1,
                        "request (2170 tokens) exceeds the available context size (2048 tokens)"),
                new FailureMessages.Group("read_timeout", 0, 1, "the server sent nothing for 0.5 s (--read-timeout)"));
    }

    @Test
    void keepsTheThreeLargestGroupsPerCauseInCountOrder() {
        FailureMessages m = new FailureMessages();
        String[] messages = {"a", "b", "b", "c", "c", "c", "d", "d", "d", "d"};
        for (String text : messages) {
            m.add(failed("http_error", 400, "HTTP 400: " + text));
        }
        assertThat(m.top(List.of("http_error"))).extracting(FailureMessages.Group::example, FailureMessages.Group::requests)
                .containsExactly(tuple("d", 4), tuple("c", 3), tuple("b", 2));
    }

    @Test
    void anExampleIsOneLineOfAtMost160Characters() {
        FailureMessages m = new FailureMessages();
        String html = "<html>\r\n<body>\t" + "x".repeat(400) + "\n</body></html>";
        m.add(failed("http_error", 502, "HTTP 502: " + html));
        String example = m.top(List.of("http_error")).get(0).example();
        assertThat(example).hasSize(FailureMessages.EXAMPLE_CHARS).startsWith("<html> <body> xxx").endsWith("x…")
                .doesNotContain("\n", "\r", "\t");
    }

    @Test
    void distinctMessagesBeyondTheCapShareOneGroup() {
        FailureMessages m = new FailureMessages();
        for (int i = 0; i < FailureMessages.MAX_GROUPS + 50; i++) {
            m.add(failed("http_error", 500, "HTTP 500: request " + letters(i)));
        }
        assertThat(m.top(List.of("http_error")).get(0)).isEqualTo(new FailureMessages.Group("http_error", 500, 50,
                FailureMessages.OTHER_MESSAGES));
    }

    /** Letters only (no digit), so every number gives a message of its own group. */
    private static String letters(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.toString();
    }

    @Test
    void rejectedMeansAClientError4xxButNotATimeoutOrARateLimit() {
        assertThat(new FailureMessages.Group("http_error", 400, 1, "").rejected()).isTrue();
        assertThat(new FailureMessages.Group("http_error", 404, 1, "").rejected()).isTrue();
        assertThat(new FailureMessages.Group("http_error", 408, 1, "").rejected()).isFalse();
        assertThat(new FailureMessages.Group("http_error", 429, 1, "").rejected()).isFalse();
        assertThat(new FailureMessages.Group("http_error", 503, 1, "").rejected()).isFalse();
        assertThat(new FailureMessages.Group("read_timeout", 0, 1, "").rejected()).isFalse();
    }
}
