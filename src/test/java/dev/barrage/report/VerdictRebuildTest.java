package dev.barrage.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.barrage.metrics.ClientVerdict;
import dev.barrage.store.JsonFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebuilt report finds the client verdict again from the summary line alone, whatever its form. */
class VerdictRebuildTest {

    private static ObjectNode lineOnly(ClientVerdict v) {
        ObjectNode summary = JsonFiles.mapper().createObjectNode();
        summary.put("Client Verdict", v.line());
        summary.set("Client Checks", JsonFiles.mapper().valueToTree(v.checks()));
        return summary;
    }

    @Test
    void aLimitedVerdictWithItsCauseIsReadBackFromTheLine() {
        ClientVerdict v = new ClientVerdict(true, "CPU taken by other processes: 0.88 of 2 CPUs busy outside Barrage;"
                + " the I/O threads waited for a CPU 24% of the run", List.of("event-loop lag p99 7.5 ms (limit 5 ms)",
                "dispatch lag p99 12.0 ms"), Map.of("Event-loop lag p99 (ms)", 7.5));
        ClientVerdict back = StepRebuilder.verdict(lineOnly(v));
        assertThat(back.clientLimited()).isTrue();
        assertThat(back.cause()).isEqualTo(v.cause());
        assertThat(back.reasons()).isEqualTo(v.reasons());
        assertThat(back.line()).isEqualTo(v.line());
    }

    @Test
    void theOlderLineWithoutACauseStillReads() {
        ClientVerdict v = new ClientVerdict(true, null, List.of("a", "b"), Map.of());
        ClientVerdict back = StepRebuilder.verdict(lineOnly(v));
        assertThat(back.cause()).isNull();
        assertThat(back.reasons()).containsExactly("a", "b");
        assertThat(back.line()).isEqualTo(v.line());
    }
}
