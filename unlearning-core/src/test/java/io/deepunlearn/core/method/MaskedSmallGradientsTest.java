package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Gradients;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MaskedSmallGradientsTest {

    @Test
    void redrawsExactlyTheSmallestGradientFractionOfEachConvAndScalesItsGradients() {
        MethodFixture f = MethodFixture.shared();
        try (NDManager m = f.manager.newSubManager(); Network net = f.original.copy()) {
            Engine.getInstance().setRandomSeed(5);
            Map<String, NDArray> saliency = new LinkedHashMap<>();
            for (Conv2d c : net.layersOfType(Conv2d.class)) {
                saliency.put(c.weight().name(), m.randomNormal(c.weight().shape()));
            }
            TensorSnapshot before = TensorSnapshot.of(net);
            Map<String, NDArray> scales = MaskedSmallGradients.reinitialiseSmallGradientWeights(net, saliency, 0.3, m);

            assertThat(before.changedIn(net)).containsExactlyInAnyOrder(
                    "block1.conv.weight", "block2.conv.weight", "block3.conv.weight");
            for (Map.Entry<String, NDArray> e : saliency.entrySet()) {
                float[] g = e.getValue().toFloatArray();
                int k = (int) Math.rint(0.3 * g.length);
                int[] smallest = IntStream.range(0, g.length).boxed()
                        .sorted(Comparator.comparingDouble(i -> Math.abs(g[i]))).limit(k)
                        .mapToInt(i -> i).sorted().toArray();
                float[] old = before.get(e.getKey());
                float[] now = net.param(e.getKey()).value().toFloatArray();
                int[] redrawn = IntStream.range(0, g.length).filter(i -> now[i] != old[i]).toArray();
                assertThat(redrawn).as(e.getKey()).containsExactly(smallest);
                float[] expectedScale = new float[g.length];
                Arrays.fill(expectedScale, 0.1f);
                for (int i : smallest) {
                    expectedScale[i] = 1.0f;
                }
                assertThat(scales.get(e.getKey()).toFloatArray()).isEqualTo(expectedScale);
            }
        }
    }

    @Test
    void saliencyPassRunsInTrainModeAndLeavesNoGradientBehind() {
        MethodFixture f = MethodFixture.shared();
        try (NDManager m = f.manager.newSubManager(); Network net = f.original.copy()) {
            TensorSnapshot before = TensorSnapshot.of(net);
            Map<String, NDArray> g = MaskedSmallGradients.saliency(net, f.retain, f.forget, 64, 0, m);
            assertThat(g).containsOnlyKeys("block1.conv.weight", "block2.conv.weight", "block3.conv.weight");
            assertThat(g.values()).allMatch(a -> a.abs().sum().getFloat() > 0);
            // train-mode forward passes move the running statistics and nothing else
            assertThat(before.changedIn(net)).isNotEmpty().allMatch(n -> n.contains("running_"));
            Gradients.forEach(net.parameters(),
                    (p, grad) -> assertThat(grad.abs().sum().getFloat()).as(p.name()).isZero());
        }
    }

    @Test
    void retainSubsetHasTheForgetSetSizeAndDistinctPositions() {
        int[] pos = MaskedSmallGradients.randomPositions(100, 30, 7);
        assertThat(pos).hasSize(30).doesNotHaveDuplicates();
        assertThat(Arrays.stream(pos).min().getAsInt()).isNotNegative();
        assertThat(Arrays.stream(pos).max().getAsInt()).isLessThan(100);
        assertThat(MaskedSmallGradients.randomPositions(10, 30, 7)).hasSize(10);
    }
}
