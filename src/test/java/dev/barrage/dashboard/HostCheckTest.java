package dev.barrage.dashboard;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Host headers the dashboard answers to, for each kind of --host (DNS rebinding, issue 13). */
class HostCheckTest {
    private static HostCheck boundTo(String host, String address) throws Exception {
        return new HostCheck(host, InetAddress.getByName(address));
    }

    @Test
    void onLoopbackOnlyLoopbackNamesAndAddresses() throws Exception {
        HostCheck check = boundTo("127.0.0.1", "127.0.0.1");
        assertThat(check.allows("localhost:8080")).isTrue();
        assertThat(check.allows("127.0.0.1")).isTrue();
        assertThat(check.allows("127.9.9.9:1")).isTrue();
        assertThat(check.allows("[::1]:8080")).isTrue();
        assertThat(check.allows("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(check.allows("evil.example")).isFalse();
        assertThat(check.allows("localhost.evil.example")).isFalse();
        assertThat(check.allows("127.0.0.1.nip.io")).isFalse();
        assertThat(check.allows("192.168.1.5")).isFalse();
        assertThat(check.allows("::1")).as("IPv6 without brackets").isFalse();
        assertThat(check.allows("localhost:")).isTrue();
        assertThat(check.allows("localhost:http")).isFalse();
        assertThat(check.allows("")).isFalse();
        assertThat(check.allows(null)).isFalse();
        assertThat(check.refusal("evil.example:80")).contains("'evil.example'").contains("--host evil.example")
                .doesNotContain("and 127.0.0.1");
    }

    @Test
    void aNamedHostAddsThatNameAndItsAddress() throws Exception {
        HostCheck check = boundTo("Bench-Box.lan", "10.0.0.7");
        assertThat(check.allows("bench-box.lan:8080")).isTrue();
        assertThat(check.allows("10.0.0.7:8080")).isTrue();
        assertThat(check.allows("localhost")).isTrue();
        assertThat(check.allows("10.0.0.8")).isFalse();
        assertThat(check.allows("other.lan")).isFalse();
        assertThat(check.refusal("other.lan")).contains("loopback addresses and bench-box.lan");
    }

    @Test
    void onEveryInterfaceAnyAddressButStillNoForeignName() throws Exception {
        HostCheck check = boundTo("0.0.0.0", "0.0.0.0");
        assertThat(check.allows("192.168.1.5:8080")).isTrue();
        assertThat(check.allows("[fe80::1]")).isTrue();
        assertThat(check.allows("evil.example")).isFalse();
    }
}
