package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HTTP/1.1 connection handling: keep-alive, Connection: close, close-after-response, pipelining. */
class ConnectionTest {
    private static final String SHORT_STREAM = SimTesting.chat("\"stream\":true,\"max_tokens\":3,\"ignore_eos\":true");
    private static final String SHORT_BODY = SimTesting.chat("\"max_tokens\":3,\"ignore_eos\":true");

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().build());
                RawHttpConnection connection = new RawHttpConnection(server.port())) {
            for (int i = 0; i < 3; i++) {
                StreamedReply reply = new StreamedReply(connection.postJson("/v1/chat/completions", SHORT_STREAM));
                assertThat(reply.tokens).hasSize(3);
                RawHttpConnection.Response body = connection.postJson("/v1/chat/completions", SHORT_BODY);
                assertThat(body.status()).isEqualTo(200);
                assertThat(body.header("Connection")).isEqualTo("keep-alive");
            }
            assertThat(connection.closedByPeer(300)).isFalse();
        }
    }

    @Test
    void connectionCloseFromTheClientIsHonoured() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().build());
                RawHttpConnection connection = new RawHttpConnection(server.port())) {
            RawHttpConnection.Response response = connection.exchange("POST", "/v1/chat/completions", SHORT_STREAM,
                    "Connection: close");
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(new StreamedReply(response).tokens).hasSize(3);
            assertThat(connection.closedByPeer(5_000)).isTrue();
        }
    }

    @Test
    void closeAfterResponseClosesDespiteAnnouncingKeepAlive() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().closeAfterResponse(true).build())) {
            try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
                RawHttpConnection.Response response = connection.postJson("/v1/chat/completions", SHORT_STREAM);
                assertThat(response.header("Connection")).isEqualTo("keep-alive");
                StreamedReply reply = new StreamedReply(response);
                assertThat(reply.tokens).hasSize(3);
                assertThat(reply.doneLast).isTrue();
                assertThat(connection.closedByPeer(5_000)).isTrue();
            }
            try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
                RawHttpConnection.Response response = connection.postJson("/v1/completions",
                        SimTesting.completion("\"max_tokens\":2"));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Connection")).isEqualTo("keep-alive");
                assertThat(connection.closedByPeer(5_000)).isTrue();
            }
            try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
                assertThat(connection.exchange("GET", "/v1/models", null).status()).isEqualTo(200);
                assertThat(connection.closedByPeer(5_000)).isTrue();
            }
            assertThat(server.stats().disconnects()).isZero();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (SimServer server = SimServer.start(SimTesting.fastConfig().build());
                RawHttpConnection connection = new RawHttpConnection(server.port())) {
            long sentNanos = connection.send("POST", "/v1/chat/completions", SHORT_STREAM);
            connection.send("GET", "/v1/models", null);
            connection.send("POST", "/v1/completions", SimTesting.completion("\"max_tokens\":2"));

            StreamedReply first = new StreamedReply(connection.readResponse(sentNanos));
            assertThat(first.tokens).hasSize(3);
            assertThat(first.doneLast).isTrue();
            RawHttpConnection.Response second = connection.readResponse(sentNanos);
            assertThat(second.body()).contains("\"object\":\"list\"");
            RawHttpConnection.Response third = connection.readResponse(sentNanos);
            assertThat(third.body()).contains("\"object\":\"text_completion\"");
        }
    }
}
