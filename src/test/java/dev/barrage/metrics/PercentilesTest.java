package dev.barrage.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PercentilesTest {

    // Expected values computed by hand with numpy's linear rule: i = (n-1)*p/100,
    // v = a[floor(i)] + (a[floor(i)+1] - a[floor(i)]) * (i - floor(i)).

    @Test
    void matchesNumpyOnTenValues() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        // numpy.percentile(range(1, 11), [0, 1, 5, 10, 25, 50, 66, 75, 80, 90, 95, 98, 99, 100])
        double[] expected = {1.0, 1.09, 1.45, 1.9, 3.25, 5.5, 6.94, 7.75, 8.2, 9.1, 9.55, 9.82, 9.91, 10.0};
        double[] table = Percentiles.table(a);
        for (int i = 0; i < expected.length; i++) {
            assertThat(table[i]).as(Percentiles.LABELS.get(i)).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void matchesNumpyOnUnevenValues() {
        double[] a = {0.1, 0.4, 0.45, 2.0, 7.5};
        // i(50%) = 2 -> 0.45; i(25%) = 1 -> 0.4; i(90%) = 3.6 -> 2 + 5.5*0.6 = 5.3; i(99%) = 3.96 -> 2 + 5.5*0.96 = 7.28
        assertThat(Percentiles.of(a, 50)).isEqualTo(0.45);
        assertThat(Percentiles.of(a, 25)).isEqualTo(0.4);
        assertThat(Percentiles.of(a, 90)).isCloseTo(5.3, within(1e-12));
        assertThat(Percentiles.of(a, 99)).isCloseTo(7.28, within(1e-12));
        // i(10%) = 0.4 -> 0.1 + 0.3*0.4 = 0.22
        assertThat(Percentiles.of(a, 10)).isCloseTo(0.22, within(1e-12));
    }

    @Test
    void singleValueIsEveryPercentile() {
        assertThat(Percentiles.table(new double[] {42})).containsOnly(42.0);
    }

    @Test
    void emptyDataGivesNaN() {
        assertThat(Percentiles.of(new double[0], 50)).isNaN();
    }

    @Test
    void lerpUsesNumpysTwoSidedForm() {
        // For t >= 0.5 numpy computes b - (b - a) * (1 - t), which is exact at t = 1.
        assertThat(Percentiles.lerp(0.1, 0.7, 1.0)).isEqualTo(0.7);
        assertThat(Percentiles.lerp(0.1, 0.7, 0.0)).isEqualTo(0.1);
        double a = 1e16;
        double b = 1e16 + 2;
        assertThat(Percentiles.lerp(a, b, 0.75)).isEqualTo(b - (b - a) * 0.25);
    }

    @Test
    void labelsAndPercentsLineUp() {
        assertThat(Percentiles.LABELS).hasSize(Percentiles.PERCENTS.length);
        assertThat(Percentiles.LABELS).startsWith("min", "1%", "5%").endsWith("98%", "99%", "max");
    }
}
