package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.model.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientAscentTest {

    private final UnlearningMethod ga = Methods.get("GA");

    @Test
    void ascendsTheForgetLoss() {
        MethodFixture f = MethodFixture.shared();
        double before = MethodAssertions.meanLoss(f.original, f.forget);
        try (Network out = ga.unlearn(f.context(), ga.defaults().with("num_epochs", "2").with("batch_size", "16"))) {
            assertThat(MethodAssertions.meanLoss(out, f.forget)).isGreaterThan(before + 0.05);
        }
    }

    @Test
    void defaultsFollowTheSpecAndOverridesApply() {
        assertThat(ga.referenceKey()).isEqualTo("gradient_ascent");
        assertThat(ga.defaults().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("optimizer.learning_rate", 0.01,
                "optimizer.momentum", 0.9, "optimizer.weight_decay", 5e-4, "batch_size", 256, "num_epochs", 10));
        MethodAssertions.searchSpaceKeysAreHyperparameters(ga);
        MethodFixture f = MethodFixture.shared();
        // lr 0: SGD moves nothing, so the learning-rate override must be what ga reads
        try (Network out = ga.unlearn(f.context(), ga.defaults().with("optimizer.learning_rate", "0").with("num_epochs", "1"))) {
            MethodAssertions.assertSameValues(MethodAssertions.parameters(out), MethodAssertions.parameters(f.original));
        }
    }
}
