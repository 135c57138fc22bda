package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The --fault syntax and which requests a fault hits. */
class FaultTest {

    @Test
    void parsesKindValueAndWhen() {
        Fault f = Fault.parse("status=429@every=3");
        assertThat(f.kind()).isEqualTo(Fault.Kind.STATUS);
        assertThat(f.value()).isEqualTo(429);
        assertThat(f.every()).isEqualTo(3);
        assertThat(f.spec()).isEqualTo("status=429@every=3");

        Fault share = Fault.parse("cut=5@25%");
        assertThat(share.kind()).isEqualTo(Fault.Kind.CUT);
        assertThat(share.value()).isEqualTo(5);
        assertThat(share.fraction()).isEqualTo(0.25);
        assertThat(share.spec()).isEqualTo("cut=5@25%");
    }

    @Test
    void valuesHaveDefaultsWhereTheyMakeSense() {
        assertThat(Fault.parse("huge-event").value()).isEqualTo(1 << 20);
        assertThat(Fault.parse("malformed").value()).isEqualTo(1);
        assertThat(Fault.parse("drop").spec()).isEqualTo("drop");
        assertThat(Fault.parse("wrong-type").text()).isEqualTo(Fault.DEFAULT_WRONG_TYPE);
        assertThat(Fault.parse("wrong-type=text/html@every=2").text()).isEqualTo("text/html");
        assertThat(Fault.parse("stall-stream=0.25").valueNanos()).isEqualTo(250_000_000L);
    }

    @Test
    void badSpecsSayWhatIsExpected() {
        assertThatThrownBy(() -> Fault.parse("explode")).hasMessageContaining("unknown fault 'explode'")
                .hasMessageContaining("status-text");
        assertThatThrownBy(() -> Fault.parse("status")).hasMessageContaining("needs a value, e.g. status=429");
        assertThatThrownBy(() -> Fault.parse("status=200")).hasMessageContaining("from 400 to 599");
        assertThatThrownBy(() -> Fault.parse("cut=x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Fault.parse("drop=3")).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> Fault.parse("drop@0%")).hasMessageContaining("above 0%");
        assertThatThrownBy(() -> Fault.parse("drop@150%")).hasMessageContaining("at most 100%");
        assertThatThrownBy(() -> Fault.parse("drop@every=0")).hasMessageContaining("N >= 1");
        assertThatThrownBy(() -> Fault.parse("drop@sometimes")).hasMessageContaining("10% or every=N");
        assertThatThrownBy(() -> Fault.parse("stall-headers=-1")).hasMessageContaining("seconds >= 0");
    }

    @Test
    void everyNthHitsExactlyTheMultiples() {
        FaultPicker picker = new FaultPicker(List.of(Fault.parse("drop@every=4")), 42);
        for (long n = 1; n <= 20; n++) {
            assertThat(picker.pick(n) != null).as("request %d", n).isEqualTo(n % 4 == 0);
        }
    }

    @Test
    void aShareHitsAboutThatShareAndTheSameSeedHitsTheSameRequests() {
        FaultPicker a = new FaultPicker(List.of(Fault.parse("drop@10%")), 7);
        FaultPicker b = new FaultPicker(List.of(Fault.parse("drop@10%")), 7);
        int hits = 0;
        for (long n = 1; n <= 10_000; n++) {
            Fault fa = a.pick(n);
            assertThat(fa).isEqualTo(b.pick(n));
            hits += fa != null ? 1 : 0;
        }
        assertThat(hits).isBetween(850, 1150);
    }

    @Test
    void theFirstFaultThatHitsWins() {
        FaultPicker picker = new FaultPicker(List.of(Fault.parse("status=500@every=2"), Fault.parse("drop")), 1);
        assertThat(picker.pick(2).kind()).isEqualTo(Fault.Kind.STATUS);
        assertThat(picker.pick(3).kind()).isEqualTo(Fault.Kind.DROP);
        assertThat(new FaultPicker(List.of(), 1).pick(1)).isNull();
    }
}
