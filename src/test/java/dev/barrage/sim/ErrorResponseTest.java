package dev.barrage.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {
    private static SimServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimTesting.fastConfig().build());
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).method(method, publisher).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertOpenAiError(HttpResponse<String> response, int status, String type)
            throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = StreamedReply.JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    @Test
    void malformedJsonIs400() throws Exception {
        JsonNode error = assertOpenAiError(send("POST", "/v1/chat/completions", "{\"messages\": ["), 400,
                "BadRequestError");
        assertThat(error.get("message").asText()).contains("not valid JSON");
    }

    @Test
    void nonObjectBodyIs400() throws Exception {
        assertOpenAiError(send("POST", "/v1/chat/completions", "[1,2]"), 400, "BadRequestError");
        assertOpenAiError(send("POST", "/v1/chat/completions", ""), 400, "BadRequestError");
    }

    @Test
    void missingMessagesOrPromptIs400() throws Exception {
        JsonNode chat = assertOpenAiError(send("POST", "/v1/chat/completions", "{\"model\":\"m\"}"), 400,
                "BadRequestError");
        assertThat(chat.get("message").asText()).contains("messages");
        JsonNode text = assertOpenAiError(send("POST", "/v1/completions", "{\"model\":\"m\"}"), 400,
                "BadRequestError");
        assertThat(text.get("message").asText()).contains("prompt");
    }

    @Test
    void maxTokensBelowOneIs400() throws Exception {
        JsonNode error = assertOpenAiError(send("POST", "/v1/chat/completions", SimTesting.chat("\"max_tokens\":0")),
                400, "BadRequestError");
        assertThat(error.get("message").asText()).contains("max_tokens");
        assertOpenAiError(send("POST", "/v1/completions", SimTesting.completion("\"max_tokens\":-5")), 400,
                "BadRequestError");
        assertOpenAiError(send("POST", "/v1/completions", SimTesting.completion("\"max_tokens\":\"ten\"")), 400,
                "BadRequestError");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertOpenAiError(send("POST", "/v1/audio/speech", "{}"), 404, "NotFoundError");
        assertOpenAiError(send("GET", "/", null), 404, "NotFoundError");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> get = send("GET", "/v1/chat/completions", null);
        assertOpenAiError(get, 405, "MethodNotAllowedError");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertOpenAiError(send("POST", "/v1/models", "{}"), 405, "MethodNotAllowedError");
    }

    @Test
    void oversizedBodyIs413AndTheConnectionCloses() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            // announce 65 MiB without sending it: the length alone is refused
            connection.send("POST", "/v1/chat/completions", null,
                    "Content-Type: application/json", "Content-Length: " + (65L * 1024 * 1024));
            RawHttpConnection.Response response = connection.readResponse(System.nanoTime());
            assertThat(response.status()).isEqualTo(413);
            JsonNode error = StreamedReply.JSON.readTree(response.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("RequestEntityTooLargeError");
            assertThat(error.get("code").asInt()).isEqualTo(413);
            assertThat(connection.closedByPeer(5_000)).isTrue();
        }
    }

    @Test
    void errorsKeepTheConnectionUsable() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port())) {
            assertThat(connection.postJson("/v1/chat/completions", "nope").status()).isEqualTo(400);
            assertThat(connection.exchange("GET", "/v1/nope", null).status()).isEqualTo(404);
            RawHttpConnection.Response ok = connection.postJson("/v1/chat/completions",
                    SimTesting.chat("\"max_tokens\":2"));
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    @Test
    void modelsAndHealth() throws Exception {
        HttpResponse<String> models = send("GET", "/v1/models", null);
        assertThat(models.statusCode()).isEqualTo(200);
        JsonNode body = StreamedReply.JSON.readTree(models.body());
        assertThat(body.get("object").asText()).isEqualTo("list");
        JsonNode model = body.at("/data/0");
        assertThat(model.get("id").asText()).isEqualTo("barrage-sim");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("owned_by").asText()).isEqualTo("barrage-sim");
        assertThat(model.get("created").asLong()).isPositive();
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    }
}
