package dev.barrage.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** user:password and secret query values are hidden in every URL Barrage prints or writes, and listed for scrubbing. */
class UrlCredentialsTest {

    @Test
    void masksUserInfoAndSecretQueryValues() {
        assertThat(UrlCredentials.mask("http://alice:pw@host:8000/v1/chat/completions"))
                .isEqualTo("http://***@host:8000/v1/chat/completions");
        assertThat(UrlCredentials.mask("https://token@host/v1?api_key=k1&model=x&sig=s&x-auth=a"))
                .isEqualTo("https://***@host/v1?api_key=***&model=x&sig=***&x-auth=***");
        assertThat(UrlCredentials.mask("http://host/v1/models/a@b/chat")).as("an '@' in the path is not userinfo")
                .isEqualTo("http://host/v1/models/a@b/chat");
        assertThat(UrlCredentials.mask("http://al:p@ss@host/v1")).as("an unencoded '@' in the password")
                .isEqualTo("http://***@host/v1");
        assertThat(UrlCredentials.mask("http://al:pa/ss@host/v1")).as("not a valid URL: hidden up to the last '@'")
                .isEqualTo("http://***@host/v1");
        assertThat(UrlCredentials.mask("alice:pw@host:8000/v1")).as("no scheme").isEqualTo("***@host:8000/v1");
        assertThat(UrlCredentials.mask("http://host:8000/v1")).isEqualTo("http://host:8000/v1");
        assertThat(UrlCredentials.mask(null)).isNull();
    }

    @Test
    void listsTheSecretsAsWrittenAndDecoded() {
        assertThat(UrlCredentials.of("http://alice:p%40ss@host/v1?key=k%2F1&model=x#frag"))
                .containsExactly("alice:p%40ss", "alice:p@ss", "p%40ss", "p@ss", "k%2F1", "k/1");
        assertThat(UrlCredentials.of("http://host/v1?model=x")).isEmpty();
        assertThat(UrlCredentials.of(null)).isEmpty();
    }
}
