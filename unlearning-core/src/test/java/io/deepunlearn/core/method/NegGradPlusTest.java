package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.model.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegGradPlusTest {

    private final UnlearningMethod ngp = Methods.get("ng+");

    @Test
    void runsBatchNormInEvalModeSoRunningStatisticsAreUntouched() {
        MethodFixture f = MethodFixture.shared();
        HyperParameters hp = ngp.defaults().with("num_epochs", "1").with("batch_size", "64");
        try (Network out = ngp.unlearn(f.context(), hp)) {
            MethodAssertions.assertSameValues(MethodAssertions.buffers(out), MethodAssertions.buffers(f.original));
            assertThat(out.param("block1.conv.weight").value().toFloatArray())
                    .isNotEqualTo(f.original.param("block1.conv.weight").value().toFloatArray());
        }
    }

    @Test
    void alphaWeighsRetainDescentAgainstForgetAscent() {
        MethodFixture f = MethodFixture.shared();
        HyperParameters hp = ngp.defaults().with("num_epochs", "1").with("batch_size", "64");
        double ascentOnly;
        double descentOnly;
        try (Network out = ngp.unlearn(f.context(), hp.with("alpha", "0"))) {
            ascentOnly = MethodAssertions.meanLoss(out, f.forget);
        }
        try (Network out = ngp.unlearn(f.context(), hp.with("alpha", "1"))) {
            descentOnly = MethodAssertions.meanLoss(out, f.forget);
        }
        assertThat(ascentOnly).isGreaterThan(MethodAssertions.meanLoss(f.original, f.forget));
        assertThat(ascentOnly).isGreaterThan(descentOnly + 0.05);
    }

    @Test
    void defaultsFollowTheSpec() {
        assertThat(ngp.name()).isEqualTo("NG+");
        assertThat(ngp.referenceKey()).isEqualTo("neggradplus");
        assertThat(ngp.defaults().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("optimizer.learning_rate", 0.01,
                "optimizer.momentum", 0.9, "optimizer.weight_decay", 0.0, "batch_size", 256, "num_epochs", 10,
                "alpha", 0.95));
        SearchSpace.Dimension alpha = MethodAssertions.dimension(ngp, "alpha");
        assertThat(alpha.kind()).isEqualTo(SearchSpace.Kind.FLOAT);
        assertThat(alpha.low()).isEqualTo(0.0);
        assertThat(alpha.high()).isEqualTo(1.0);
        MethodAssertions.searchSpaceKeysAreHyperparameters(ngp);
    }
}
