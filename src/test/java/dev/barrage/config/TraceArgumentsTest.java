package dev.barrage.config;

import dev.barrage.BarrageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flags a trace replay reads differently, checked before anything is loaded or sent. */
class TraceArgumentsTest {
    private static Arguments.Builder trace() {
        return Arguments.builder().url("http://127.0.0.1:8801/v1/chat/completions").dataset("workload_trace")
                .datasetPath("trace.jsonl");
    }

    @Test
    void modelIsOptionalAndOpenLoopNeedsNoRate() {
        Arguments a = trace().openLoop(true).build();
        assertThat(a.model()).as("each body names its model").isNull();
        assertThat(a.openLoop()).isTrue();
        assertThatThrownBy(() -> Arguments.builder().url("http://127.0.0.1:8801/v1/chat/completions").build())
                .as("other datasets still need --model").hasMessageContaining("Missing required option '--model'");
    }

    @Test
    void numberValuesNeedNoParallelToPairWith() {
        Arguments a = trace().number(10, 100, 1000).build();
        assertThat(a.number()).containsExactly(10, 100, 1000);
        assertThat(a.numberGiven()).isTrue();
        assertThat(trace().build().numberGiven()).as("the default 1000 was not asked for").isFalse();
        assertThat(trace().build().toBuilder().model("m").build().numberGiven()).isFalse();
        assertThat(trace().build().toBuilder().number(5).build().numberGiven()).isTrue();
    }

    @Test
    void flagsATraceCannotHonourAreRejectedWithWhatToDoInstead() {
        assertThatThrownBy(() -> trace().openLoop(true).rate(5.0).build()).isInstanceOf(BarrageException.class)
                .hasMessageContaining("Invalid value '5.0' for option '--rate'")
                .hasMessageContaining("--dataset-args '{\"speed\": 2}'");
        assertThatThrownBy(() -> trace().rampUp(10.0).build()).hasMessageContaining("'--ramp-up' does not apply");
        assertThatThrownBy(() -> trace().slaAutoTune(true).slaParams("[{\"p99_ttft\": \"<=500\"}]").build())
                .hasMessageContaining("'--sla-auto-tune' does not apply");
        assertThatThrownBy(() -> trace().prompt("hello").build()).hasMessageContaining("'--prompt' would replace");
    }
}
