package dev.barrage.load;

import dev.barrage.config.Arguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code user:password@} in {@code --url} is sent as Basic credentials, as curl sends them, unless a key is given. */
class UrlCredentialsAuthTest {
    @TempDir
    Path outputs;

    private static String withCredentials(String url) {
        return url.replace("http://", "http://alice:p%40ss%3Aword@");
    }

    @Test
    void urlCredentialsBecomeBasicAuthorizationOnEveryRequest() throws Exception {
        try (RecordingChatServer server = new RecordingChatServer(0)) {
            PerfEndToEndTest.run(Arguments.builder().url(withCredentials(server.url())).model("m").outputsDir(outputs)
                    .parallel(1).number(2).sleepInterval(0.0).build(), new ByteArrayOutputStream());
            String expected = "Basic " + Base64.getEncoder().encodeToString("alice:p@ss:word".getBytes(
                    StandardCharsets.UTF_8));
            assertThat(server.seen()).hasSizeGreaterThanOrEqualTo(3) // the connection test, then 2
                    .allSatisfy(s -> assertThat(s.headers().get("authorization")).isEqualTo(expected));
        }
    }

    @Test
    void anApiKeyWinsOverUrlCredentials() throws Exception {
        try (RecordingChatServer server = new RecordingChatServer(0)) {
            PerfEndToEndTest.run(Arguments.builder().url(withCredentials(server.url())).model("m").outputsDir(outputs)
                    .apiKey("sk-test-key").parallel(1).number(1).sleepInterval(0.0).build(), new ByteArrayOutputStream());
            assertThat(server.seen()).allSatisfy(s -> assertThat(s.headers().get("authorization"))
                    .isEqualTo("Bearer sk-test-key"));
        }
    }
}
