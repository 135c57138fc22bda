package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each --fault seen on the wire by a raw HTTP client: the simulator really sends the broken bytes,
 * statuses and silences it promises, and only to the requests the fault selects.
 */
class FaultInjectionTest {
    private static final String STREAM = SimTesting.chat("\"stream\":true,\"max_tokens\":4,\"ignore_eos\":true,"
            + "\"stream_options\":{\"include_usage\":true}");

    private static SimServer start(String... faults) {
        SimConfig.Builder b = SimTesting.fastConfig();
        for (String f : faults) {
            b.fault(f);
        }
        return SimServer.start(b.retryAfterS(2.5).build());
    }

    private static RawHttpConnection.Response post(SimServer sim, String body) throws IOException {
        try (RawHttpConnection c = new RawHttpConnection(sim.port())) {
            return c.postJson("/v1/chat/completions", body);
        }
    }

    private static List<String> tokenDatas(RawHttpConnection.Response r) {
        return r.chunks().stream().map(RawHttpConnection.Chunk::data).toList();
    }

    @Test
    void statusFaultsAnswerWithJsonOrTextAndRetryAfter() throws Exception {
        try (SimServer sim = start("status=429@every=2", "status-text=503@every=3", "status=401@every=5")) {
            RawHttpConnection.Response ok = post(sim, STREAM);
            assertThat(ok.status()).isEqualTo(200);
            RawHttpConnection.Response limited = post(sim, STREAM);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("content-type")).isEqualTo("application/json");
            JsonNode error = StreamedReply.JSON.readTree(limited.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("RateLimitError");
            assertThat(error.get("message").asText()).contains("simulated fault: 429");
            assertThat(limited.header("retry-after")).isEqualTo("3");
            assertThat(limited.header("retry-after-ms")).isEqualTo("2500");
            RawHttpConnection.Response unavailable = post(sim, STREAM);
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.header("content-type")).startsWith("text/plain");
            assertThat(unavailable.body()).startsWith("503 Service Unavailable");
            assertThat(unavailable.header("retry-after")).isEqualTo("3");
            assertThat(post(sim, STREAM).status()).as("request 4 is a multiple of 2").isEqualTo(429);
            RawHttpConnection.Response unauthorized = post(sim, STREAM);
            assertThat(unauthorized.status()).isEqualTo(401);
            assertThat(unauthorized.header("retry-after")).isNull();
        }
    }

    @Test
    void dropClosesWithoutAnAnswer() throws Exception {
        try (SimServer sim = start("drop");
                RawHttpConnection c = new RawHttpConnection(sim.port())) {
            c.send("POST", "/v1/chat/completions", STREAM);
            assertThat(c.closedByPeer(5000)).isTrue();
        }
    }

    @Test
    void cutStopsTheStreamAfterNTokensWithoutDone() throws Exception {
        try (SimServer sim = start("cut=2");
                RawHttpConnection c = new RawHttpConnection(sim.port())) {
            c.send("POST", "/v1/chat/completions", STREAM);
            IOException cut = org.assertj.core.api.Assertions.catchThrowableOfType(IOException.class,
                    () -> c.readResponse(0));
            assertThat(cut).hasMessageContaining("closed inside a chunked body");
            SimStats stats = SimTesting.awaitStats(sim, s -> s.decoding() == 0, java.time.Duration.ofSeconds(5));
            assertThat(stats.tokensSent()).isEqualTo(2);
            assertThat(stats.decoding()).as("the slot is freed").isZero();
        }
    }

    @Test
    void malformedBadUtf8AndHugeEventsAreSentAsAsked() throws Exception {
        try (SimServer sim = start("malformed=2@every=3", "bad-utf8=1@every=2", "huge-event=100000")) {
            RawHttpConnection.Response huge = post(sim, STREAM);
            List<String> datas = tokenDatas(huge);
            assertThat(datas.get(1)).hasSizeGreaterThan(100_000).contains("xxxxxxxx");
            StreamedReply.JSON.readTree(datas.get(1));
            RawHttpConnection.Response badUtf8 = post(sim, STREAM);
            assertThat(tokenDatas(badUtf8).get(1)).contains("\uFFFD");
            RawHttpConnection.Response malformed = post(sim, STREAM);
            List<String> m = tokenDatas(malformed);
            StreamedReply.JSON.readTree(m.get(1));
            assertThat(m.get(2)).as("token event 2 stops after its word").matches(".*\"content\":\" [a-z]+$");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamedReply.JSON.readTree(m.get(2)))
                    .isInstanceOf(IOException.class);
            assertThat(m).last().isEqualTo("[DONE]");
        }
    }

    @Test
    void wrongTypeChangesOnlyTheContentType() throws Exception {
        try (SimServer sim = start("wrong-type=text/html")) {
            RawHttpConnection.Response r = post(sim, STREAM);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).isEqualTo("text/html");
            assertThat(tokenDatas(r)).last().isEqualTo("[DONE]");
        }
    }

    @Test
    void stallHeadersDelaysTheWholeResponse() throws Exception {
        try (SimServer sim = start("stall-headers=0.4")) {
            RawHttpConnection.Response r = post(sim, STREAM);
            assertThat((r.headersNanos() - r.sentNanos()) / 1e6).isBetween(390.0, 5000.0);
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test
    void stallStreamPausesAfterTheFirstToken() throws Exception {
        try (SimServer sim = start("stall-stream=0.4")) {
            RawHttpConnection.Response r = post(sim, STREAM);
            List<RawHttpConnection.Chunk> chunks = r.chunks();
            // chunk 0 is the role chunk, 1 the first token, 2 the second
            double gapMs = (chunks.get(2).arrivalNanos() - chunks.get(1).arrivalNanos()) / 1e6;
            assertThat(gapMs).isBetween(390.0, 5000.0);
            assertThat(tokenDatas(r)).last().isEqualTo("[DONE]");
        }
    }

    @Test
    void endlessNeverEndsAndFreesItsSlotWhenTheClientLeaves() throws Exception {
        try (SimServer sim = start("endless");
                RawHttpConnection c = new RawHttpConnection(sim.port())) {
            c.send("POST", "/v1/chat/completions", STREAM);
            SimStats stats = SimTesting.awaitStats(sim, s -> s.tokensSent() > 20, java.time.Duration.ofSeconds(10));
            assertThat(stats.tokensSent()).as("well past max_tokens 4").isGreaterThan(20);
            assertThat(stats.completed()).isZero();
            c.closeAbruptly();
            stats = SimTesting.awaitStats(sim, s -> s.decoding() == 0, java.time.Duration.ofSeconds(5));
            assertThat(stats.decoding()).isZero();
            assertThat(stats.disconnects()).isEqualTo(1);
        }
    }

    @Test
    void stampedEventsCarryTheSendTimeBeforeChoices() throws Exception {
        try (SimServer sim = SimServer.start(SimTesting.fastConfig().stampEvents(true).build())) {
            RawHttpConnection.Response r = post(sim, STREAM);
            List<String> datas = tokenDatas(r);
            JsonNode token = StreamedReply.JSON.readTree(datas.get(1));
            long sent = token.get("barrage_sent_ns").asLong();
            assertThat(sent).isBetween(r.sentNanos(), r.chunks().get(1).arrivalNanos());
            assertThat(token.at("/choices/0/delta/content").asText()).isNotEmpty();
        }
    }

    @Test
    void theWholeServerFreezesAtStallAtForStallFor() throws Exception {
        try (SimServer sim = SimServer.start(SimTesting.fastConfig().stallAtS(0.3).stallForS(0.6).build())) {
            long start = System.nanoTime();
            Thread.sleep(400);
            RawHttpConnection.Response r = post(sim, SimTesting.chat("\"max_tokens\":1"));
            double answeredAfterMs = (r.headersNanos() - start) / 1e6;
            assertThat(r.status()).isEqualTo(200);
            assertThat(answeredAfterMs).as("not before the freeze ends at ~900 ms").isGreaterThan(850);
            RawHttpConnection.Response after = post(sim, SimTesting.chat("\"max_tokens\":1"));
            assertThat((after.headersNanos() - after.sentNanos()) / 1e6).as("normal again").isLessThan(500);
        }
    }
}
