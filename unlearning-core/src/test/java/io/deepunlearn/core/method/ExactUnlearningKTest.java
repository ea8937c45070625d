package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.model.Network;
import org.junit.jupiter.api.Test;

class ExactUnlearningKTest {

    @Test
    void reinitialisesTheLastBlockAndClassifierWithTheReferenceInitialisers() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod euk = Methods.get("euk");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = euk.unlearn(ctx, euk.defaults().with("num_epochs", "0"));

        assertThat(before.changedIn(out)).containsExactlyInAnyOrder(
                "block3.conv.weight", "block3.bn.weight", "block3.bn.bias", "fc.weight", "fc.bias");
        float[] conv = out.param("block3.conv.weight").value().toFloatArray();
        double kaimingUniformBound = Math.sqrt(6.0 / (128 * 9)); // fan_out = out channels x 3 x 3
        assertThat(FloatStats.maxAbs(conv)).isLessThanOrEqualTo(kaimingUniformBound);
        double uniformStd = kaimingUniformBound / Math.sqrt(3);
        assertThat(FloatStats.std(conv)).isBetween(0.9 * uniformStd, 1.1 * uniformStd);
        assertThat(out.param("block3.bn.weight").value().toFloatArray()).containsOnly(1f);
        assertThat(out.param("block3.bn.bias").value().toFloatArray()).containsOnly(0f);
        double xavierBound = Math.sqrt(6.0 / (128 + 4));
        assertThat(FloatStats.maxAbs(out.param("fc.weight").value().toFloatArray())).isLessThanOrEqualTo(xavierBound);
        assertThat(out.param("fc.bias").value().toFloatArray()).containsOnly(0f);
        out.close();
    }

    @Test
    void thenTrainsOnlyTheReinitialisedPartInEvalMode() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod euk = Methods.get("EU-k");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = euk.unlearn(ctx, euk.defaults().with("num_epochs", "2").with("k", "2"));
        assertThat(before.changedIn(out))
                .allMatch(n -> n.startsWith("block2.") || n.startsWith("block3.") || n.startsWith("fc."))
                .noneMatch(n -> n.contains("running_"));
        out.close();
    }
}
