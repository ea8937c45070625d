package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.model.Init;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneReinitMatchQuantizeTest {

    @Test
    void prunesExactlyTheGlobalFractionWithTheSmallestMagnitudes() {
        try (Network net = MethodFixture.shared().original.copy()) {
            List<Param> tensors = PruneReinitMatchQuantize.prunableTensors(net);
            assertThat(tensors).extracting(Param::name).containsExactly("block1.conv.weight", "block2.conv.weight",
                    "block3.conv.weight", "fc.weight", "fc.bias");
            TensorSnapshot before = TensorSnapshot.of(net);
            long n = tensors.stream().mapToLong(Param::numel).sum();
            long pruned = PruneReinitMatchQuantize.globalL1Prune(tensors, 0.6);

            assertThat(pruned).isEqualTo(Math.round(0.6 * n));
            long zeros = 0;
            double largestPruned = 0;
            double smallestKept = Double.MAX_VALUE;
            for (Param p : tensors) {
                float[] old = before.get(p.name());
                float[] now = p.value().toFloatArray();
                for (int i = 0; i < old.length; i++) {
                    if (now[i] == 0) {
                        zeros++;
                        largestPruned = Math.max(largestPruned, Math.abs(old[i]));
                    } else {
                        assertThat(now[i]).isEqualTo(old[i]);
                        smallestKept = Math.min(smallestKept, Math.abs(old[i]));
                    }
                }
            }
            assertThat(zeros).isEqualTo(pruned);
            assertThat(largestPruned).isLessThanOrEqualTo(smallestKept);
            // the pruning is global: per-tensor fractions differ (fc and its bias are not pruned at 60 % each)
            assertThat(before.changedIn(net)).noneMatch(name -> name.contains(".bn."));
        }
    }

    @Test
    void redrawsZeroedWeightsWithinTheDefaultBoundButLeavesZeroedBiases() {
        try (Network net = MethodFixture.shared().original.copy()) {
            PruneReinitMatchQuantize.globalL1Prune(PruneReinitMatchQuantize.prunableTensors(net), 0.999);
            long biasZeros = FloatStats.zeros(net.param("fc.bias").value().toFloatArray());
            TensorSnapshot pruned = TensorSnapshot.of(net);
            PruneReinitMatchQuantize.reinitialisePrunedWeights(net);
            for (String w : List.of("block1.conv.weight", "block2.conv.weight", "block3.conv.weight", "fc.weight")) {
                float[] now = net.param(w).value().toFloatArray();
                float[] old = pruned.get(w);
                double bound = 1 / Math.sqrt(Init.fanIn(net.param(w).shape()));
                assertThat(FloatStats.zeros(now)).as(w).isZero();
                for (int i = 0; i < now.length; i++) {
                    if (old[i] != 0) {
                        assertThat(now[i]).isEqualTo(old[i]);
                    } else {
                        assertThat(Math.abs(now[i])).isLessThanOrEqualTo((float) bound);
                    }
                }
            }
            assertThat(biasZeros).isEqualTo(4); // 0.999 of all entries: every fc bias is among them
            assertThat(FloatStats.zeros(net.param("fc.bias").value().toFloatArray())).isEqualTo(biasZeros);
        }
    }

    @Test
    void quantisationRoundTripRoundsEveryTensorToHalfPrecision() {
        try (Network net = MethodFixture.shared().original.copy(); NDManager m = net.manager().newSubManager()) {
            net.param("fc.bias").set(m.create(new float[] {0.1f, 1f / 3, 1000.7f, 1e-8f}));
            PruneReinitMatchQuantize.halfPrecisionRoundTrip(net);
            // nearest fp16 values: 0.0999755859375, 0.333251953125, 1000.5 (spacing 0.5), 0 (below half the
            // smallest subnormal)
            assertThat(net.param("fc.bias").value().toFloatArray()).containsExactly(0.0999755859375f, 0.333251953125f,
                    1000.5f, 0f);
            TensorSnapshot once = TensorSnapshot.of(net);
            PruneReinitMatchQuantize.halfPrecisionRoundTrip(net);
            assertThat(once.changedIn(net)).isEmpty(); // buffers included: everything already is fp16-exact
        }
    }

    @Test
    void matchLossIsWeightedCrossEntropyPlusEntropyGap() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            var logits = m.create(new float[] {0, 0, (float) Math.log(3), 0}, new Shape(2, 2));
            var labels = m.create(new long[] {0, 1});
            var weights = m.create(new float[] {1, 3});
            // CE = log 2 and log 4, weighted mean (log 2 + 3 log 4) / 4 = 7/4 log 2; same teacher: no entropy gap
            assertThat(PruneReinitMatchQuantize.matchLoss(logits, logits, labels, weights).getFloat())
                    .isCloseTo((float) (1.75 * Math.log(2)), offset(1e-6f));
            // teacher uniform for sample 2: entropy log 2 vs H(3/4, 1/4); MSE over the 2 samples
            var teacher = m.create(new float[] {0, 0, 0, 0}, new Shape(2, 2));
            double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
            assertThat(PruneReinitMatchQuantize.matchLoss(logits, teacher, labels, weights).getFloat())
                    .isCloseTo((float) (1.75 * Math.log(2) + Math.pow(Math.log(2) - h, 2) / 2), offset(1e-6f));
        }
    }

    @Test
    void classWeightsAreCountsToTheMinusZeroPointOne() {
        float[] w = ClassWeights.power(new long[] {100, 1, 0}, PruneReinitMatchQuantize.CLASS_WEIGHT_EXPONENT);
        assertThat(w[0]).isCloseTo((float) Math.pow(100, -0.1), offset(1e-7f));
        assertThat(w[1]).isEqualTo(1f);
        assertThat(w[2]).isZero();
    }
}
