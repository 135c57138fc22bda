package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimingModelTest {

    @Test
    void withoutJitterDelaysAreExact() {
        TimingModel timing = new TimingModel(SimConfig.builder().ttftMs(50).prefillUsPerToken(20).itlMs(10)
                .itlGrowth(0.01).build());
        assertThat(timing.firstTokenDelayNanos(0)).isEqualTo(50_000_000L);
        assertThat(timing.firstTokenDelayNanos(1000)).isEqualTo(70_000_000L);
        assertThat(timing.interTokenDelayNanos(1)).isEqualTo(10_000_000L);
        assertThat(timing.interTokenDelayNanos(33)).isEqualTo(13_200_000L);
    }

    @Test
    void jitterStaysWithinItsBandAndIsSeeded() {
        SimConfig config = SimConfig.builder().itlMs(10).itlGrowth(0).jitter(0.5).seed(3).build();
        TimingModel a = new TimingModel(config);
        TimingModel b = new TimingModel(config);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long delay = a.interTokenDelayNanos(1);
            assertThat(delay).isEqualTo(b.interTokenDelayNanos(1));
            assertThat(delay).isBetween(5_000_000L, 15_000_000L);
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isLessThan(6_000_000L);
        assertThat(max).isGreaterThan(14_000_000L);
    }
}
