package dev.barrage.servermetrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowsTest {

    @Test
    void aCounterThatResetsCountsItsNewValueAsIncrease() {
        CounterWindow c = new CounterWindow();
        c.add(100, false); // baseline: not an increase
        c.add(150, false);
        c.add(20, false); // restarted: 20 since
        c.add(Double.NaN, false);
        c.add(50, false);
        assertThat(c.increase()).isEqualTo(50 + 20 + 30);
        assertThat(c.resets()).isEqualTo(1);
    }

    @Test
    void aCounterCreatedDuringTheRunCountsFromZero() {
        CounterWindow c = new CounterWindow();
        c.add(3, true);
        c.add(5, true);
        assertThat(c.increase()).isEqualTo(5);
    }

    @Test
    void quantilesInterpolateInsideTheirBucketAsPrometheusDoes() {
        HistogramWindow h = new HistogramWindow();
        h.addBucket(0.1, 0);
        h.addBucket(0.2, 50);
        h.addBucket(0.4, 100);
        h.addBucket(Double.POSITIVE_INFINITY, 100);
        h.addCount(100);
        h.addSum(25);
        assertThat(h.quantile(0.5)).isCloseTo(0.2, within(1e-12)); // rank 50 ends the (0.1, 0.2] bucket
        assertThat(h.quantile(0.25)).isCloseTo(0.15, within(1e-12));
        assertThat(h.quantile(0.99)).isCloseTo(0.2 + 0.2 * 49 / 50, within(1e-12));
        assertThat(h.mean()).isEqualTo(0.25);
        assertThat(h.count()).isEqualTo(100);
    }

    @Test
    void aQuantileInTheInfBucketIsTheHighestFiniteBound() {
        HistogramWindow h = new HistogramWindow();
        h.addBucket(1, 1);
        h.addBucket(Double.POSITIVE_INFINITY, 10);
        assertThat(h.quantile(0.99)).isEqualTo(1);
        assertThat(new HistogramWindow().quantile(0.5)).isNaN();
    }

    @Test
    void aGaugeSkipsNan() {
        GaugeWindow g = new GaugeWindow();
        g.add(2);
        g.add(Double.NaN);
        g.add(4);
        assertThat(g.min()).isEqualTo(2);
        assertThat(g.max()).isEqualTo(4);
        assertThat(g.mean()).isEqualTo(3);
        assertThat(g.last()).isEqualTo(4);
    }
}
