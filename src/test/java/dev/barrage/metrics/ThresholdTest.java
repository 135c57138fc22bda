package dev.barrage.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** --threshold rules as k6 writes them: spaces and units accepted, the limit kept in the printed unit. */
class ThresholdTest {

    @Test
    void spacesAndUnitSuffixesAreAccepted() {
        assertThat(Threshold.parse("p99_ttft < 0.8s").limit()).as("s on a ms figure").isCloseTo(800, within(1e-9));
        assertThat(Threshold.parse("p99_ttft<800ms").limit()).isEqualTo(800);
        assertThat(Threshold.parse("  p99_ttft   <=   800   ").limit()).as("no unit: the printed one").isEqualTo(800);
        assertThat(Threshold.parse("p99_latency <= 500ms").limit()).as("ms on a s figure").isCloseTo(0.5, within(1e-12));
        assertThat(Threshold.parse("avg_e2el<2 s").limit()).isEqualTo(2);
        assertThat(Threshold.parse("p99_ttft<1e3MS").limit()).as("exponent, any case").isEqualTo(1000);
        assertThat(Threshold.parse("success_rate >= 99%").limit()).isCloseTo(0.99, within(1e-12));
        assertThat(Threshold.parse("error_rate<.5%").limit()).isCloseTo(0.005, within(1e-12));
        assertThat(Threshold.parse("rps > 10").limit()).isEqualTo(10);
        Threshold t = Threshold.parse("p99_ttft < 0.8s");
        assertThat(t.operator()).isEqualTo("<");
        assertThat(t.holds(799)).isTrue();
        assertThat(t.holds(801)).isFalse();
        assertThat(t.text()).as("shown as written").isEqualTo("p99_ttft < 0.8s");
    }

    @Test
    void whatIsStillWrongIsSaidClearly() {
        assertThatThrownBy(() -> Threshold.parse("p99_ttft < 0.8min")).hasMessageContaining("unknown unit 'min'")
                .hasMessageContaining("use ms or s");
        assertThatThrownBy(() -> Threshold.parse("rps > 10s")).hasMessageContaining("'rps' is not a time")
                .hasMessageContaining("plain number");
        assertThatThrownBy(() -> Threshold.parse("success_rate > 0.9s")).hasMessageContaining("fraction (0.99)");
        assertThatThrownBy(() -> Threshold.parse("p99_ttft < 5%")).hasMessageContaining("'%'")
                .hasMessageContaining("success_rate");
        assertThatThrownBy(() -> Threshold.parse("success_rate >= 99")).as("a percentage without %")
                .hasMessageContaining("fraction in [0, 1]").hasMessageContaining("99%");
        assertThatThrownBy(() -> Threshold.parse("p99_ttft ~ 800")).hasMessageContaining("<metric> <op> <number>[unit]")
                .hasMessageContaining("p99_ttft < 0.8s");
        assertThatThrownBy(() -> Threshold.parse("p99_ttft < NaN")).hasMessageContaining("<metric> <op> <number>");
        assertThatThrownBy(() -> Threshold.parse("p99_ttft < 1e999")).hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> Threshold.parse("p99_ttfx < 1s")).hasMessageContaining("unknown metric 'p99_ttfx'");
    }
}
