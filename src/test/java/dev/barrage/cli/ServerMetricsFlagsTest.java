package dev.barrage.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** --server-metrics and --server-metrics-interval: checked before anything is sent, one error line each. */
class ServerMetricsFlagsTest {

    private static void rejects(String expected, String... flags) {
        String[] args = new String[flags.length + 5];
        args[0] = "perf";
        args[1] = "--url";
        args[2] = "http://127.0.0.1:9/v1/chat/completions";
        args[3] = "--model";
        args[4] = "m";
        System.arraycopy(flags, 0, args, 5, flags.length);
        MainTest.Result r = MainTest.run(args);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("barrage: error: ").contains(expected).doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void badUrlsAndIntervalsAreInputErrors() {
        rejects("Invalid value 'ftp://host/metrics' for option '--server-metrics': not an http:// or https:// URL"
                + " with a host. Example: --server-metrics http://127.0.0.1:8000/metrics",
                "--server-metrics", "ftp://host/metrics");
        rejects("Invalid value 'http://***@h:99999/metrics' for option '--server-metrics': port 99999 is out of"
                + " range", "--server-metrics", "http://u:secret@h:99999/metrics");
        rejects("Invalid value '0.0' for option '--server-metrics-interval': should be between 0.05 and 3600 seconds",
                "--server-metrics", "http://127.0.0.1:8000/metrics", "--server-metrics-interval", "0");
        rejects("'--server-metrics-interval': should be between", "--server-metrics-interval", "NaN");
    }

    @Test
    void helpListsTheFlags() {
        String help = MainTest.run("perf", "--help").out();
        assertThat(help).contains("--server-metrics=<url>").contains("--server-metrics-interval=<s>");
    }
}
