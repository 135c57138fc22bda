package dev.barrage.report;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DistributionTest {
    @Test
    void equalWidthBinsFromMinToMax() {
        // 1..10: max(5, ceil(sqrt 10) = 4) = 5 bins of (10 − 1) / 5 = 1.8
        Distribution d = Distribution.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(d.edges()).containsExactly(new double[] {1, 2.8, 4.6, 6.4, 8.2, 10}, within(1e-12));
        assertThat(d.counts()).containsExactly(2, 2, 2, 2, 2);
        assertThat(d.overflow()).isZero();
        assertThat(d.cdf()[100]).isEqualTo(5.5); // 50 %: numpy's linear percentile of 1..10
        assertThat(d.cdf()[d.cdf().length - 1]).isEqualTo(10);
    }

    @Test
    void aLongTailGoesToTheOverflowBarNotTheBins() {
        // 1..99 and one 10000: p99 = 99 + 0.01 · (10000 − 99) = 198.01; 10000 > 2 · p99
        double[] samples = IntStream.rangeClosed(1, 100).mapToDouble(i -> i == 100 ? 10_000 : i).toArray();
        Distribution d = Distribution.of(samples);
        assertThat(d.edges()[d.edges().length - 1]).isCloseTo(198.01, within(1e-9));
        assertThat(d.overflow()).isEqualTo(1);
        assertThat(IntStream.of(d.counts()).sum()).isEqualTo(99);
        assertThat(d.cdf()[d.cdf().length - 1]).isEqualTo(10_000);
    }

    @Test
    void oneDistinctValueMakesOneBin() {
        Distribution d = Distribution.of(new double[] {3, 3, 3});
        assertThat(d.counts()).containsExactly(3);
        assertThat(Distribution.of(new double[0]).count()).isZero();
    }
}
