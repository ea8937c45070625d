package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.model.Network;
import org.junit.jupiter.api.Test;

class ForgetContrastStrengthenTest {

    @Test
    void contrastiveLossMatchesAHandComputedExample() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            // Z_f = [[2, 0], [0, 2]], Z_r = I, T = 2: S = I, and each row's -log_softmax is
            // {log(1+e) - 1, log(1+e)}: the mean over all four entries is log(1+e) - 1/2
            float loss = ForgetContrastStrengthen.contrastiveLoss(m.create(new float[] {2, 0, 0, 2}, new Shape(2, 2)),
                    m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)), 2f).getFloat();
            assertThat(loss).isCloseTo((float) (Math.log(1 + Math.E) - 0.5), offset(1e-6f));
            // equal similarity to every retain sample is the minimum, log(B_r)
            float flat = ForgetContrastStrengthen.contrastiveLoss(m.create(new float[] {0, 0}, new Shape(1, 2)),
                    m.create(new float[] {1, 0, 0, 1, 3, 3}, new Shape(3, 2)), 1.15f).getFloat();
            assertThat(flat).isCloseTo((float) Math.log(3), offset(1e-6f));
        }
    }

    @Test
    void firstStagePullsOutputsTowardsUniform() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            var flat = m.create(new float[] {4, 4}, new Shape(1, 2));
            assertThat(ForgetContrastStrengthen.towardsUniform(flat).getFloat()).isCloseTo(0f, offset(1e-7f));
            // p = (3/4, 1/4): KL(u || p) = 1/2 log(2/3) + 1/2 log(2) = 1/2 log(4/3)
            var skewed = m.create(new float[] {(float) Math.log(3), 0}, new Shape(1, 2));
            assertThat(ForgetContrastStrengthen.towardsUniform(skewed).getFloat())
                    .isCloseTo((float) (0.5 * Math.log(4.0 / 3)), offset(1e-6f));
        }
    }

    @Test
    void runsBothStagesAndRejectsAZeroTemperature() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod fcs = Methods.get("kgltop1");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = fcs.unlearn(ctx, fcs.defaults().with("num_epochs", "1"));
        assertThat(before.changedIn(out)).containsAll(before.names());
        assertThat(FloatStats.maxAbs(out.param("fc.weight").value().toFloatArray())).isFinite();
        out.close();
        assertThatThrownBy(() -> fcs.unlearn(f.context(), fcs.defaults().with("temperature", "0")))
                .hasMessageContaining("FCS.temperature must be > 0");
    }
}
