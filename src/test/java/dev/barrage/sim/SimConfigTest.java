package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimConfigTest {

    @Test
    void builderStartsFromTheDocumentedDefaults() {
        SimConfig config = SimConfig.builder().build();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8801);
        assertThat(config.model()).isEqualTo("barrage-sim");
        assertThat(config.ttftMs()).isEqualTo(50);
        assertThat(config.prefillUsPerToken()).isEqualTo(20);
        assertThat(config.itlMs()).isEqualTo(10);
        assertThat(config.itlGrowth()).isEqualTo(0.01);
        assertThat(config.jitter()).isZero();
        assertThat(config.maxBatch()).isEqualTo(32);
        assertThat(config.reasoningTokens()).isZero();
        assertThat(config.seed()).isEqualTo(42);
        assertThat(config.outputMinTokens()).isEqualTo(16);
        assertThat(config.outputMaxTokens()).isEqualTo(256);
        assertThat(config.closeAfterResponse()).isFalse();
        assertThat(config.ioThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void toBuilderRoundTrips() {
        SimConfig config = SimConfig.builder().port(0).model("m").ttftMs(1).prefillUsPerToken(2).itlMs(3)
                .itlGrowth(0.5).jitter(0.25).maxBatch(7).reasoningTokens(2).seed(9).outputMinTokens(3)
                .outputMaxTokens(4).closeAfterResponse(true).ioThreads(1).host("0.0.0.0").build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().itlMs(5).build().itlMs()).isEqualTo(5);
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheSetting() {
        assertThatThrownBy(() -> SimConfig.builder().itlMs(-1).build())
                .isInstanceOf(SimConfigException.class)
                .hasMessage("itl-ms (-1.0) should be >= 0");
        assertThatThrownBy(() -> SimConfig.builder().maxBatch(0).build())
                .hasMessage("max-batch (0) should be >= 1");
        assertThatThrownBy(() -> SimConfig.builder().port(70000).build())
                .hasMessage("port (70000) should be between 0 and 65535");
        assertThatThrownBy(() -> SimConfig.builder().jitter(1.5).build())
                .hasMessage("jitter (1.5) should be <= 1");
        assertThatThrownBy(() -> SimConfig.builder().ttftMs(Double.NaN).build())
                .hasMessage("ttft-ms (NaN) should be a finite number");
        assertThatThrownBy(() -> SimConfig.builder().outputMinTokens(10).outputMaxTokens(5).build())
                .hasMessage("output-max-tokens (5) should be >= output-min-tokens (10)");
        assertThatThrownBy(() -> SimConfig.builder().model(" ").build())
                .hasMessage("model (' ') should not be empty");
        SimConfigException e = (SimConfigException) org.assertj.core.api.Assertions.catchThrowable(
                () -> SimConfig.builder().ioThreads(0).build());
        assertThat(e.setting()).isEqualTo("io-threads");
        assertThat(e.rule()).isEqualTo("should be >= 1");
    }
}
