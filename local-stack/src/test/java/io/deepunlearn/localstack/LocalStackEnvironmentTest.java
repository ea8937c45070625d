package io.deepunlearn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackEnvironmentTest {

    @Test
    void servicesSharingTheCoresGetPassiveOpenMpThreads() {
        assertThat(LocalStack.sharedCoreDefaults(Map.of("PATH", "/usr/bin"))).containsExactly(Map.entry("OMP_WAIT_POLICY", "PASSIVE"));
    }

    @Test
    void aPolicySetByTheUserIsLeftAlone() {
        assertThat(LocalStack.sharedCoreDefaults(Map.of("OMP_WAIT_POLICY", "ACTIVE"))).isEmpty();
    }
}
