package dev.barrage.transport;

import dev.barrage.BarrageException;
import dev.barrage.sim.SimServer;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY, as aiohttp's trust_env reads them, against a tiny proxy on
 * loopback. Targets are named *.barrage.invalid: only the proxy can reach them (it maps every
 * name to 127.0.0.1), so a success proves the request went through the proxy.
 */
class ProxyTest extends LoopbackClientTest {

    @Test
    void plainHttpGoesThroughTheProxyInAbsoluteFormWithCredentials() throws Exception {
        try (SimServer sim = sim(); TinyProxy proxy = new TinyProxy()) {
            Proxies proxies = Proxies.fromEnvironment(Map.of("HTTP_PROXY",
                    "http://user:p%40ss@127.0.0.1:" + proxy.port()));
            String url = "http://llm.barrage.invalid:" + sim.port() + "/v1/chat/completions";
            try (HttpClient c = client(url, options(null, 10).withProxies(proxies), true)) {
                HttpExchange first = once(c, true);
                assertThat(first.success()).as("%s: %s", first.errorType(), first.error()).isTrue();
                assertThat(first.state().tokenEvents()).isEqualTo(8);
                assertThat(once(c, true).success()).isTrue();
            }
            assertThat(proxy.requestLines).hasSize(2)
                    .allMatch(l -> l.equals("POST " + url + " HTTP/1.1"));
            assertThat(proxy.proxyAuthorizations).containsOnly(
                    "Basic " + Base64.getEncoder().encodeToString("user:p@ss".getBytes()));
        }
    }

    @Test
    void httpsGoesThroughAConnectTunnel() throws Exception {
        try (SimServer sim = sim(); TinyProxy proxy = new TinyProxy()) {
            Proxies proxies = Proxies.fromEnvironment(Map.of("https_proxy", "127.0.0.1:" + proxy.port()));
            // The simulator speaks plain HTTP: the TLS handshake through the tunnel must fail, and it can
            // only get that far if the tunnel to secure.barrage.invalid was opened.
            String url = "https://secure.barrage.invalid:" + sim.port() + "/v1/chat/completions";
            try (HttpClient c = client(url, options(null, 10).withProxies(proxies), true)) {
                HttpExchange ex = once(c, true);
                assertThat(ex.errorType()).isEqualTo(ErrorType.TLS);
            }
            assertThat(proxy.requestLines).containsExactly(
                    "CONNECT secure.barrage.invalid:" + sim.port() + " HTTP/1.1");
        }
    }

    @Test
    void aRefusingProxyIsNamedInTheError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Proxies proxies = Proxies.fromEnvironment(Map.of("http_proxy", "http://127.0.0.1:" + port));
        try (HttpClient c = client("http://llm.barrage.invalid/v1/chat/completions",
                options(null, 10).withProxies(proxies), true)) {
            HttpExchange ex = once(c, true);
            assertThat(ex.errorType()).isEqualTo(ErrorType.CONNECTION_REFUSED);
            assertThat(ex.error()).contains("proxy 127.0.0.1:" + port);
        }
    }

    @Test
    void environmentRulesFollowUrllib() {
        Proxies p = Proxies.fromEnvironment(Map.of("HTTP_PROXY", "http://upper:1", "http_proxy", "http://lower:2",
                "HTTPS_PROXY", "http://secure:3", "NO_PROXY", " .internal.example , direct.example:8000,Other.Example"));
        assertThat(p.http().host()).as("lower case wins").isEqualTo("lower");
        assertThat(p.https().port()).isEqualTo(3);
        assertThat(p.proxyFor(HttpTarget.parse("http://api.example.com/v1"))).isEqualTo(p.http());
        assertThat(p.proxyFor(HttpTarget.parse("https://api.example.com/v1"))).isEqualTo(p.https());
        assertThat(p.proxyFor(HttpTarget.parse("http://a.internal.example/v1"))).as("suffix").isNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://internal.example/v1"))).as("the domain itself").isNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://notinternal.example/v1"))).as("not a suffix at a dot")
                .isNotNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://direct.example:8000/v1"))).as("host:port").isNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://direct.example:9000/v1"))).isNotNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://other.example/v1"))).as("case-insensitive").isNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://127.0.0.1:8000/v1"))).as("loopback is direct").isNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://localhost:8000/v1"))).isNull();
        assertThat(p.proxyFor(HttpTarget.parse("http://[::1]:8000/v1"))).isNull();
        assertThat(Proxies.fromEnvironment(Map.of("http_proxy", "http://p:1", "no_proxy", "*"))
                .proxyFor(HttpTarget.parse("http://anything.example/"))).isNull();
        assertThat(Proxies.fromEnvironment(Map.of()).proxyFor(HttpTarget.parse("http://x.example/"))).isNull();
        assertThat(Proxies.fromEnvironment(Map.of("http_proxy", "http://u:secret@p:1")).http().toString())
                .isEqualTo("http://u:***@p:1");
        assertThatThrownBy(() -> Proxies.fromEnvironment(Map.of("https_proxy", "socks5://u:secret@p:1")))
                .isInstanceOf(BarrageException.class).hasMessageContaining("https_proxy")
                .hasMessageContaining("socks5://u:***@p:1").hasMessageNotContaining("secret");
    }
}
