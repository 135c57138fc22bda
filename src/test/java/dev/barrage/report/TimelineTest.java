package dev.barrage.report;

import dev.barrage.metrics.RequestRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TimelineTest {
    private static final long S = 1_000_000_000L;

    @Test
    void hundredSecondRunInOneSecondBuckets() {
        // A: 0 → 10 s, success, 4 tokens over events at 5 s and 10 s (2 each).
        // B: 5.5 s → 100 s, failed. Duration 100 s: 0.5 s buckets would make 200 > 150, so 1 s.
        RequestRecord a = new RequestRecord(0, "{}", true, 0, 0, 0, 0, S, 10 * S, new long[] {5 * S, 10 * S}, 3, 4,
                false, -1, -1, "", "", 200, null, null, 1);
        RequestRecord b = new RequestRecord(1, "{}", true, 0, 5 * S + S / 2, 0, 5 * S + S / 2, 0, 100 * S, new long[0],
                -1, -1, false, -1, -1, "", "", 500, "http_error", "boom", 1);
        Timeline t = Timeline.of(List.of(a, b));
        assertThat(t.bucketSeconds()).isEqualTo(1);
        assertThat(t.startS()).hasSize(100);
        assertThat(t.inFlight()[0]).isCloseTo(1, within(1e-12));
        assertThat(t.inFlight()[5]).isCloseTo(1.5, within(1e-12)); // A all of it, B half
        assertThat(t.inFlight()[10]).isCloseTo(1, within(1e-12)); // A has ended, B all of it
        assertThat(t.completionsPerS()[10]).isEqualTo(1);
        assertThat(t.outputTokensPerS()[5]).isEqualTo(2);
        assertThat(t.outputTokensPerS()[10]).isEqualTo(2);
        assertThat(t.errorsPerS()[99]).isEqualTo(1); // the end at exactly 100 s closes the last bucket
        assertThat(java.util.Arrays.stream(t.errorsPerS()).sum()).isEqualTo(1);
    }

    @Test
    void shortRunsGetFinerBuckets() {
        assertThat(Timeline.bucketWidth(3)).isEqualTo(0.1);
        assertThat(Timeline.bucketWidth(60)).isEqualTo(0.5);
        assertThat(Timeline.bucketWidth(3600)).isEqualTo(30);
    }
}
