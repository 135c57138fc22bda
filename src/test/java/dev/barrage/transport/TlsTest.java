package dev.barrage.transport;

import dev.barrage.api.OpenAiAdapter;
import dev.barrage.config.Arguments;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS on loopback with a certificate made by the JDK's keytool: the client trusts only the JVM's
 * trust store (set with the standard javax.net.ssl.trustStore property) and checks the host name.
 */
class TlsTest {
    private static final String PASSWORD = "changeit";
    private static EventLoopGroup group;

    @TempDir
    static Path dir;

    private static SslContext serverContext;
    private static SslContext wrongNameContext;
    private static Path trustStore;

    @BeforeAll
    static void makeCertificates() throws Exception {
        group = EventLoops.newGroup(1, "tls-test");
        trustStore = dir.resolve("trust.p12");
        serverContext = certificate("server", "SAN=dns:localhost,ip:127.0.0.1");
        wrongNameContext = certificate("elsewhere", "SAN=dns:example.invalid");
    }

    /** A key pair and certificate for {@code san}; the certificate is added to the trust store. */
    private static SslContext certificate(String alias, String san) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path serverStore = dir.resolve(alias + ".p12");
        Path cert = dir.resolve(alias + ".cer");
        run(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + alias, "-ext", san, "-validity", "2", "-keystore", serverStore.toString(), "-storetype",
                "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        run(keytool, "-exportcert", "-alias", alias, "-keystore", serverStore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        run(keytool, "-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        return SslContextBuilder.forServer(kmf).build();
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static HttpExchange once(String url) throws Exception {
        HttpTarget target = HttpTarget.parse(url);
        Arguments args = Arguments.builder().url(url).model("m").build();
        try (HttpClient client = new HttpClient(group, target, ClientOptions.fromSeconds(5.0, null, 10, Map.of(), null),
                new OpenAiAdapter(args, target.path(), null))) {
            CompletableFuture<HttpExchange> done = new CompletableFuture<>();
            client.execute(new HttpExchange(0, "{}".getBytes(), System.nanoTime(), false, done::complete));
            return done.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUntrustedCertificateIsATlsFailure() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.CLOSE_AFTER_STREAM, 200, serverContext)) {
            HttpExchange ex = once(server.url());
            assertThat(ex.errorType()).isEqualTo(ErrorType.TLS);
            assertThat(ex.error()).contains("TLS");
        }
    }

    @Test
    void streamsOverTlsWhenTheTrustStoreHoldsTheCertificate() throws Exception {
        String previousStore = System.getProperty("javax.net.ssl.trustStore");
        String previousPassword = System.getProperty("javax.net.ssl.trustStorePassword");
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.CLOSE_AFTER_STREAM, 200, serverContext)) {
            HttpExchange ex = once(server.url());
            assertThat(ex.success()).as("%s: %s", ex.errorType(), ex.error()).isTrue();
            assertThat(ex.state().tokenEvents()).isEqualTo(3);
            assertThat(ex.state().completionTokens()).isEqualTo(3);
        }
        // Trusted, but issued for another name: host-name verification must refuse it.
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.CLOSE_AFTER_STREAM, 200,
                wrongNameContext)) {
            HttpExchange wrongName = once(server.url());
            assertThat(wrongName.errorType()).isEqualTo(ErrorType.TLS);
        } finally {
            restore("javax.net.ssl.trustStore", previousStore);
            restore("javax.net.ssl.trustStorePassword", previousPassword);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
