package dev.barrage.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Exact up to its limit, then a histogram whose percentiles stay within 0.1 %. */
class DoubleListTest {

    @Test
    void belowTheLimitPercentilesAreNumpyExact() {
        DoubleList l = new DoubleList(4, 100);
        for (double v : new double[] {4, 1, 3, 2}) {
            l.add(v);
        }
        assertThat(l.exact()).isTrue();
        // numpy.percentile([1,2,3,4], 50) = 2.5; 90 -> 3.7
        assertThat(l.percentile(50)).isEqualTo(2.5);
        assertThat(l.percentile(90)).isCloseTo(3.7, within(1e-12));
        assertThat(l.percentileTable()).isEqualTo(Percentiles.table(new double[] {1, 2, 3, 4}));
        assertThat(l.get(0)).isEqualTo(4);
    }

    @Test
    void pastTheLimitPercentilesComeFromAHistogramWithin0point1Percent() {
        int n = 200_000;
        DoubleList bounded = new DoubleList(16, 10_000);
        double[] all = new double[n];
        Random r = new Random(1);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            // ITL-like: around 20 ms with a long tail
            double v = 20 + (r.nextDouble() < 0.01 ? r.nextDouble() * 500 : r.nextGaussian());
            v = Math.max(0, v);
            all[i] = v;
            sum += v;
            bounded.add(v);
        }
        assertThat(bounded.exact()).isFalse();
        assertThat(bounded.count()).isEqualTo(n);
        assertThat(bounded.mean()).as("the mean stays exact").isCloseTo(sum / n, within(1e-9));
        java.util.Arrays.sort(all);
        double[] exact = Percentiles.table(all);
        double[] approx = bounded.percentileTable();
        assertThat(approx[0]).as("min exact").isEqualTo(all[0]);
        assertThat(approx[approx.length - 1]).as("max exact").isEqualTo(all[n - 1]);
        for (int i = 1; i < exact.length - 1; i++) {
            // histogram rank vs numpy interpolation differ by at most a neighbour's gap: tiny for 200k samples
            assertThat(approx[i]).as("%s%%", Percentiles.PERCENTS[i]).isCloseTo(exact[i], within(exact[i] * 0.002 + 0.01));
        }
        double[] sketch = bounded.sorted();
        assertThat(sketch).hasSize(DoubleList.SKETCH_POINTS);
        assertThat(sketch[0]).isEqualTo(all[0]);
        assertThat(sketch[sketch.length - 1]).isEqualTo(all[n - 1]);
        assertThat(Percentiles.of(sketch, 50)).as("a stand-in good for charts").isCloseTo(exact[5], within(exact[5] * 0.002));
    }

    @Test
    void theDefaultLimitSwitchesToTheHistogramPast4MiSamples() {
        DoubleList itl = new DoubleList(1024);
        long n = DoubleList.DEFAULT_EXACT_LIMIT + 1_000_000L;
        for (long i = 0; i < n; i++) {
            itl.add(10 + (i % 1000) / 100.0);
        }
        assertThat(itl.exact()).as("no more exact doubles past the limit: memory stays bounded").isFalse();
        assertThat(itl.count()).isEqualTo(n);
        assertThat(itl.percentile(50)).isCloseTo(15, within(0.02));
    }
}
