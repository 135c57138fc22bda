package dev.barrage.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLagProbeTest {
    private static long stamp(String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        return DeliveryLagProbe.sentNanos(b, b.length);
    }

    @Test
    void findsTheSimulatorsStampAndNothingElse() {
        assertThat(stamp("{\"id\":\"c\",\"model\":\"m\",\"barrage_sent_ns\":123456789012,\"choices\":[]}"))
                .isEqualTo(123456789012L);
        assertThat(stamp("{\"id\":\"c_1\",\"model\":\"my_model\",\"barrage_sent_ns\":7,\"choices\":[]}")).isEqualTo(7);
        assertThat(stamp("{\"choices\":[{\"finish_reason\":null}]}")).isZero();
        assertThat(stamp("_")).isZero();
        assertThat(stamp("\"barrage_sent_ns\":")).isZero();
        assertThat(stamp("")).isZero();
    }
}
