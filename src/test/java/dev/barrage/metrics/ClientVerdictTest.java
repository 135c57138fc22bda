package dev.barrage.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict's limits and, when one is crossed, the cause it names from the evidence. */
class ClientVerdictTest {
    /** An idle 2-CPU machine where Barrage kept up. */
    private static ClientObservations fine() {
        return new ClientObservations(0.3, 1.2, 0.10, 0.001, 0.02, 0.0, 2, 0.20, 0.12, 0, 0.03, 0.0, 0.001, 3, 0.4,
                0L, 0, 104.0);
    }

    private static ClientObservations lagging(double waitedForCpu, double others, double simulator, double jit) {
        double process = 0.3 + simulator + jit;
        return new ClientObservations(12.3, 40, 0.30, waitedForCpu, others, 0.0, 2, process, 0.3, simulator, jit, 0.0,
                0.001, 4, 0.4, 0L, 0, 130.0);
    }

    @Test
    void aRunThatKeptUpSaysSoWithItsLag() {
        ClientVerdict v = ClientVerdict.of(fine());
        assertThat(v.clientLimited()).isFalse();
        assertThat(v.cause()).isNull();
        assertThat(v.line()).isEqualTo("Client check: client kept up (event-loop lag p99 0.30 ms, max 1.20 ms)");
        assertThat(v.checks()).containsEntry("I/O thread waited for CPU (%)", 0.1).containsEntry("Machine CPUs", 2);
    }

    @Test
    void otherProcessesTakingTheCpuAreNamed() {
        ClientVerdict v = ClientVerdict.of(lagging(0.18, 1.7, 0, 0.05));
        assertThat(v.clientLimited()).isTrue();
        assertThat(v.cause()).startsWith("CPU taken by other processes: 1.70 of 2 CPUs busy outside Barrage")
                .contains("waited for a CPU 18% of the run");
        assertThat(v.line()).startsWith("CLIENT-LIMITED (cause: CPU taken by other processes")
                .contains("event-loop lag p99 12.3 ms (limit 5 ms, max 40.0 ms)")
                .contains("against a TTFT p99 of 130.0 ms")
                .endsWith("these numbers measure a machine short of CPU, not the server");
    }

    @Test
    void anEmbeddedSimulatorTakingTheCpuIsNamed() {
        ClientVerdict v = ClientVerdict.of(lagging(0.10, 0.05, 0.9, 0.05));
        assertThat(v.cause()).startsWith("the embedded simulator, which shares Barrage's CPUs: it used 0.90 CPUs");
        assertThat(v.line()).endsWith("these numbers measure Barrage, not the server");
    }

    @Test
    void barragesOwnThreadsTakingTheCpuAreNamed() {
        ClientVerdict v = ClientVerdict.of(lagging(0.10, 0.05, 0, 0.8));
        assertThat(v.cause()).startsWith("Barrage's own threads besides the I/O threads (JIT compiler 0.80 CPUs");
    }

    @Test
    void aSaturatedIoThreadIsBarragesOwnWork() {
        ClientObservations o = new ClientObservations(30, 80, 0.97, 0.001, 0.05, 0, 2, 1.1, 0.97, 0, 0.02, 0, 0.001,
                2, 0.4, 0L, 0, 200);
        ClientVerdict v = ClientVerdict.of(o);
        assertThat(v.reasons()).hasSize(2);
        assertThat(v.cause()).startsWith("Barrage's own work: the busiest I/O thread used 97% of a CPU");
    }

    @Test
    void garbageCollectionIsNamedWhenItExplainsTheStall() {
        ClientObservations o = new ClientObservations(8, 70, 0.2, 0.001, 0.05, 0, 2, 0.3, 0.2, 0, 0.02, 0, 0.02, 65,
                0.4, 0L, 0, 150);
        ClientVerdict v = ClientVerdict.of(o);
        assertThat(v.reasons()).anyMatch(r -> r.startsWith("GC paused the client 2.0% of the time, longest 65 ms"));
        assertThat(v.cause()).isEqualTo("garbage collection: longest pause 65 ms, 2.0% of the run");
    }

    @Test
    void aCpuQuotaThatThrottledTheProcessComesFirst() {
        ClientObservations o = new ClientObservations(20, 95, 0.4, 0.3, 0.1, 0, 8, 1.0, 0.4, 0, 0.1, 0.25, 0.001, 3,
                0.4, 0L, 0, 150);
        assertThat(ClientVerdict.of(o).cause()).isEqualTo(
                "the CPU limit of Barrage's container or cgroup: throttled 25% of the run");
    }

    @Test
    void withoutSchedulerStatisticsABusyMachineStillTakesTheBlame() {
        ClientObservations o = new ClientObservations(9, 30, 0.3, Double.NaN, 1.5, 0, 2, 0.35, 0.3, 0, 0.02,
                Double.NaN, 0.001, 2, 0.4, null, 0, Double.NaN);
        ClientVerdict v = ClientVerdict.of(o);
        assertThat(v.cause()).startsWith("CPU taken by other processes: 1.50 of 2 CPUs").doesNotContain("waited");
        assertThat(v.checks()).containsEntry("I/O thread waited for CPU (%)", null)
                .containsEntry("Socket backlog max (bytes)", null);
        assertThat(v.reasons().get(0)).doesNotContain("TTFT");
    }

    @Test
    void droppedSendsAloneBlameTheLoadNotTheClient() {
        ClientObservations o = new ClientObservations(0.2, 1, 0.1, 0.001, 0, 0, 2, 0.1, 0.1, 0, 0, 0, 0, 0, 0.3, 0L,
                12, 100);
        ClientVerdict v = ClientVerdict.of(o);
        assertThat(v.reasons()).containsExactly("12 sends dropped at --max-in-flight: the asked-for load was not offered");
        assertThat(v.cause()).startsWith("the load asked for");
    }

    @Test
    void lateDispatchOnAnIdleMachineIsBarragesOwnWork() {
        ClientObservations o = new ClientObservations(0.5, 3, 0.2, 0.001, 0.02, 0, 2, 0.3, 0.2, 0, 0.05, 0, 0.001, 2,
                90, 0L, 0, 100);
        ClientVerdict v = ClientVerdict.of(o);
        assertThat(v.reasons()).containsExactly("requests went out late: dispatch lag p99 90.0 ms (limit 50 ms)");
        assertThat(v.cause()).startsWith("Barrage's own work");
    }

    @Test
    void aBusyIoThreadIsNamedBesideOtherProcessesThatTookMore() {
        // two busy loops beside an I/O thread with more work than a core: both are in the cause
        ClientObservations o = new ClientObservations(2000, 2075, 0.47, 0.53, 1.06, 0, 2, 0.95, 0.94, 0, 0.01, 0,
                0.001, 3, 1510, 0L, 0, 22.6);
        ClientVerdict v = ClientVerdict.of(o);
        assertThat(v.cause()).startsWith("CPU taken by other processes: 1.06 of 2 CPUs")
                .endsWith("; Barrage's busiest I/O thread was busy 47% of the time");
    }
}
