package dev.barrage.load;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ArrivalScheduleTest {
    private static double[] offsetsSeconds(ArrivalSchedule s, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            assertThat(s.hasNext()).isTrue();
            out[i] = s.nextOffsetNanos() / 1e9;
        }
        assertThat(s.hasNext()).isFalse();
        return out;
    }

    @Test
    void constantArrivalsAreEvenlySpaced() {
        double[] t = offsetsSeconds(new ArrivalSchedule(ArrivalSchedule.Process.CONSTANT, 50, 1, 0, 101, 7), 101);
        for (int i = 0; i < t.length; i++) {
            assertThat(t[i]).isCloseTo(i / 50.0, within(1e-9));
        }
    }

    @Test
    void poissonAndGammaSchedulesSpanExactlyNMinusOneOverRate() {
        for (ArrivalSchedule.Process p : ArrivalSchedule.Process.values()) {
            for (long seed = 1; seed <= 5; seed++) {
                double[] t = offsetsSeconds(new ArrivalSchedule(p, 20, 0.5, 0, 500, seed), 500);
                assertThat(t[0]).isZero();
                assertThat(t[499]).as("%s seed %d", p, seed).isCloseTo(499 / 20.0, within(1e-6));
                double achieved = 499 / (t[499] - t[0]);
                assertThat(achieved).isCloseTo(20.0, within(1e-6));
            }
        }
    }

    @Test
    void poissonGapsLookExponential() {
        double[] t = offsetsSeconds(new ArrivalSchedule(ArrivalSchedule.Process.POISSON, 1, 1, 0, 20001, 42), 20001);
        double sum = 0;
        double sumSq = 0;
        for (int i = 1; i < t.length; i++) {
            double g = t[i] - t[i - 1];
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / 20000;
        double cv = Math.sqrt(sumSq / 20000 - mean * mean) / mean;
        assertThat(mean).isCloseTo(1.0, within(1e-9)); // rescaled exactly
        assertThat(cv).as("an exponential's coefficient of variation is 1").isCloseTo(1.0, within(0.05));
    }

    @Test
    void gammaBurstinessSetsTheVariability() {
        for (double shape : new double[] {0.25, 4.0}) {
            double[] t = offsetsSeconds(new ArrivalSchedule(ArrivalSchedule.Process.GAMMA, 1, shape, 0, 20001, 9),
                    20001);
            double sum = 0;
            double sumSq = 0;
            for (int i = 1; i < t.length; i++) {
                double g = t[i] - t[i - 1];
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / 20000;
            double cv = Math.sqrt(sumSq / 20000 - mean * mean) / mean;
            // Gamma(k): coefficient of variation 1/sqrt(k) -> 2.0 for k = 0.25, 0.5 for k = 4.
            assertThat(cv).as("shape %s", shape).isCloseTo(1 / Math.sqrt(shape), within(0.1 / Math.sqrt(shape)));
        }
    }

    @Test
    void sameSeedSameSchedule() {
        double[] a = offsetsSeconds(new ArrivalSchedule(ArrivalSchedule.Process.POISSON, 5, 1, 0, 50, 3), 50);
        double[] b = offsetsSeconds(new ArrivalSchedule(ArrivalSchedule.Process.POISSON, 5, 1, 0, 50, 3), 50);
        double[] c = offsetsSeconds(new ArrivalSchedule(ArrivalSchedule.Process.POISSON, 5, 1, 0, 50, 4), 50);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void rampUpGrowsTheRateLinearlyThenHoldsIt() {
        // rate 10/s, ramp 10 s: the ramp carries 10*10/2 = 50 arrivals; arrival c is due at sqrt(2*10*c/10) = sqrt(2c).
        double[] t = offsetsSeconds(new ArrivalSchedule(ArrivalSchedule.Process.CONSTANT, 10, 1, 10, 101, 1), 101);
        assertThat(t[8]).isCloseTo(Math.sqrt(16), within(1e-6));
        assertThat(t[50]).isCloseTo(10.0, within(1e-6));
        assertThat(t[60] - t[50]).as("full rate after the ramp").isCloseTo(1.0, within(1e-6));
        assertThat(t[2] - t[1]).as("slow at the start").isGreaterThan(t[60] - t[59]);
    }

    @Test
    void gammaSamplerHasTheRightMean() {
        SplittableRandom r = new SplittableRandom(1);
        for (double shape : new double[] {0.3, 1, 2.5}) {
            double sum = 0;
            for (int i = 0; i < 100_000; i++) {
                sum += ArrivalSchedule.gamma(r, shape);
            }
            assertThat(sum / 100_000).as("shape %s", shape).isCloseTo(shape, within(0.03 * shape));
        }
    }
}
