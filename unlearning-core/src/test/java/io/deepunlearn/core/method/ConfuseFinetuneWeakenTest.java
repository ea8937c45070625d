package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Layer;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfuseFinetuneWeakenTest {

    @Test
    void confusesResNetConv1AndTheSmallCnnOrTinyVitStemOrNothingUnderParity() {
        MethodFixture f = MethodFixture.shared();
        try (Network resnet = Architectures.create(new ModelSpec("resnet18", 4, 3, 32), f.manager.newSubManager(), 0)) {
            assertThat(prefixes(ConfuseFinetuneWeaken.confusionTargets(resnet, true))).containsExactly("conv1");
            assertThat(prefixes(ConfuseFinetuneWeaken.confusionTargets(resnet, false))).containsExactly("conv1");
        }
        try (Network vit = Architectures.create(new ModelSpec("tiny-vit", 4, 3, 32), f.manager.newSubManager(), 0)) {
            assertThat(prefixes(ConfuseFinetuneWeaken.confusionTargets(vit, true)))
                    .containsExactly("patch_embed.seq.0.c");
            assertThat(ConfuseFinetuneWeaken.confusionTargets(vit, false)).isEmpty();
        }
        assertThat(prefixes(ConfuseFinetuneWeaken.confusionTargets(f.original, true))).containsExactly("block1.conv");
        assertThat(ConfuseFinetuneWeaken.confusionTargets(f.original, false)).isEmpty();
    }

    @Test
    void confusionAddsGaussianNoiseOfTheGivenSigmaToTheTargetOnly() {
        MethodFixture f = MethodFixture.shared();
        try (Network net = f.original.copy()) {
            TensorSnapshot before = TensorSnapshot.of(net);
            List<Conv2d> targets = ConfuseFinetuneWeaken.confusionTargets(net, true);
            ConfuseFinetuneWeaken.confuse(targets, 0);
            assertThat(before.changedIn(net)).isEmpty();
            Engine.getInstance().setRandomSeed(3);
            ConfuseFinetuneWeaken.confuse(targets, 0.5);
            assertThat(before.changedIn(net)).containsExactly("block1.conv.weight");
            float[] old = before.get("block1.conv.weight");
            float[] now = net.param("block1.conv.weight").value().toFloatArray();
            float[] noise = new float[old.length];
            for (int i = 0; i < old.length; i++) {
                noise[i] = now[i] - old[i];
            }
            // 864 draws: the sample std is within ~5 % of sigma, the mean within ~3 standard errors of 0
            assertThat(FloatStats.std(noise)).isCloseTo(0.5, offset(0.05));
            assertThat(FloatStats.mean(noise)).isCloseTo(0, offset(0.06));
        }
    }

    @Test
    void stemFallbackHyperparameterSelectsTheVariant() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod cfw = Methods.get("CFW");
        assertThat(cfw.defaults().getBoolean("stem_fallback")).isTrue();
        assertThat(new ConfuseFinetuneWeaken(false).defaults().getBoolean("stem_fallback")).isFalse();
        HyperParameters noTraining = cfw.defaults().with("num_epochs", "0");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network confused = cfw.unlearn(ctx, noTraining);
        assertThat(before.changedIn(confused)).containsExactly("block1.conv.weight");
        confused.close();
        UnlearningContext ctx2 = f.context();
        TensorSnapshot before2 = TensorSnapshot.of(ctx2.model());
        Network reference = cfw.unlearn(ctx2, noTraining.with("stem_fallback", "false"));
        assertThat(before2.changedIn(reference)).isEmpty(); // the reference confuses nothing without a top-level conv
        reference.close();
    }

    @Test
    void lossIsBatchCrossEntropyTimesTheBatchMeanOfBalancedClassWeights() {
        // counts (3, 1, 0): n = 4 over 2 present classes -> 4/(2*3) = 2/3, 4/(2*1) = 2, absent class 0
        float[] w = ClassWeights.balanced(new long[] {3, 1, 0});
        assertThat(w[0]).isCloseTo(2f / 3, offset(1e-7f));
        assertThat(w[1]).isEqualTo(2f);
        assertThat(w[2]).isZero();
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            var logits = m.create(new float[] {0, 0, 0, 0, 0, 0}, new ai.djl.ndarray.types.Shape(2, 3));
            var labels = m.create(new long[] {0, 1});
            // CE = log 3 for both samples; mean weight (2/3 + 2)/2 = 4/3
            float loss = ConfuseFinetuneWeaken.batchWeightedCrossEntropy(logits, labels, m.create(w)).getFloat();
            assertThat(loss).isCloseTo((float) (Math.log(3) * 4 / 3), offset(1e-6f));
        }
    }

    private static List<String> prefixes(List<? extends Layer> layers) {
        return layers.stream().map(Layer::prefix).toList();
    }
}
