package io.deepunlearn.pipeline.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The callback URL policy: scheme, credentials, fragment, host allow-list and the SSRF guard. */
class CallbackUrlsTest {

    static final CallbackSettings STRICT = CallbackSettings.defaults();

    @Test
    void acceptsPublicHttpAndHttpsUrls() {
        assertThat(CallbackUrls.check("https://orchestrator.example.com/erasures/cb?x=1", STRICT).getHost())
                .isEqualTo("orchestrator.example.com");
        assertThat(CallbackUrls.check("http://203.0.113.7:8080/cb", STRICT).getPort()).isEqualTo(8080);
    }

    @Test
    void refusesWhatCannotBeCalledSafely() {
        for (String[] c : new String[][] {
                {"ftp://example.com/cb", "http or https"},
                {"/relative", "http or https"},
                {"https://user:secret@example.com/cb", "credentials"},
                {"https://example.com/cb#frag", "fragment"},
                {"https://", "not a URI"},
                {"http://localhost:8080/cb", "localhost"},
                {"http://127.0.0.1/cb", "internal address"},
                {"http://10.1.2.3/cb", "internal address"},
                {"http://192.168.0.10/cb", "internal address"},
                {"http://169.254.169.254/latest/meta-data", "internal address"},
                {"http://[::1]/cb", "internal address"},
                {"http://[fd00::1]/cb", "internal address"},
                {"https://example.com/" + "x".repeat(2100), "longer than"}}) {
            assertThatThrownBy(() -> CallbackUrls.check(c[0], STRICT)).as(c[0])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[1]);
        }
    }

    @Test
    void policyKnobsRequireHttpsRestrictHostsOrAllowPrivateNetworks() {
        CallbackSettings d = CallbackSettings.defaults();
        CallbackSettings httpsOnly = new CallbackSettings(d.pollInterval(), d.initialBackoff(), d.maxBackoff(),
                d.maxAttempts(), d.timeout(), true, List.of(), false, null);
        assertThatThrownBy(() -> CallbackUrls.check("http://example.com/cb", httpsOnly)).hasMessageContaining("https");
        CallbackSettings listed = new CallbackSettings(d.pollInterval(), d.initialBackoff(), d.maxBackoff(),
                d.maxAttempts(), d.timeout(), false, List.of("hooks.example.com", ".corp.example"), false, null);
        assertThat(CallbackUrls.check("https://hooks.example.com/x", listed)).isNotNull();
        assertThat(CallbackUrls.check("https://a.corp.example/x", listed)).isNotNull();
        assertThatThrownBy(() -> CallbackUrls.check("https://evil.example.com/x", listed))
                .hasMessageContaining("allowed-hosts");
        CallbackSettings local = new CallbackSettings(d.pollInterval(), d.initialBackoff(), d.maxBackoff(),
                d.maxAttempts(), d.timeout(), false, List.of(), true, null);
        assertThat(CallbackUrls.checkResolved("http://127.0.0.1:9/cb", local).getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        CallbackSettings d = CallbackSettings.defaults();
        assertThat(d.backoff(1)).hasSeconds(2);
        assertThat(d.backoff(2)).hasSeconds(4);
        assertThat(d.backoff(4)).hasSeconds(16);
        assertThat(d.backoff(30)).isEqualTo(d.maxBackoff());
    }
}
