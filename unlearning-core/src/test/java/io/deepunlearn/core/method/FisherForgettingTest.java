package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FisherForgettingTest {

    private final UnlearningMethod ff = Methods.get("FF");

    @Test
    void varianceFollowsTheSpecFormula() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            // classifier-shaped (C = 2 rows): 1/h = [1e4 -> 1e3 -> 1e2, 50] and [4, 1e2]; * 0.5; row means; * 10
            NDArray fc = m.create(new float[] {1e-4f, 0.02f, 0.25f, 0.01f}, new Shape(2, 2));
            assertThat(FisherForgetting.variance(fc, 0.5, 2).toFloatArray()).usingComparatorWithPrecision(1e-3f)
                    .containsExactly(375f, 375f, 260f, 260f);
            // other rank-2 tensor (3 rows != C): clamp at 1e3 only, * 0.5, row means, no factor 10
            NDArray conv = m.create(new float[] {0f, 1f, 0.5f, 0.5f, 2f, 2f}, new Shape(3, 2));
            assertThat(FisherForgetting.variance(conv, 0.5, 2).toFloatArray()).usingComparatorWithPrecision(1e-3f)
                    .containsExactly(250.25f, 250.25f, 1f, 1f, 0.25f, 0.25f);
            // one-dimensional (BN, bias) of length != C: * 10
            NDArray bias = m.create(new float[] {1f, 0.1f, 0f});
            assertThat(FisherForgetting.variance(bias, 0.5, 2).toFloatArray()).usingComparatorWithPrecision(1e-2f)
                    .containsExactly(5f, 50f, 5000f);
        }
    }

    @Test
    void perturbsEveryParameterWithTheFisherVariance() {
        MethodFixture f = MethodFixture.shared();
        HyperParameters hp = ff.defaults().with("batch_size", "64");
        Map<String, float[]> before = MethodAssertions.parameters(f.original);
        Map<String, float[]> variance = new java.util.LinkedHashMap<>();
        UnlearningContext probe = MethodAssertions.contextWithRetain(f, 128);
        try (Network net = probe.model(); NDManager m = f.manager.newSubManager()) {
            Map<String, NDArray> h = FisherForgetting.diagonalFisher(net, Loader.plain(probe.data().retain(), 64), m);
            h.forEach((name, a) -> variance.put(name, FisherForgetting.variance(a, 0.2, 4).toFloatArray()));
        }
        try (Network out = ff.unlearn(MethodAssertions.contextWithRetain(f, 128), hp)) {
            MethodAssertions.assertSameValues(MethodAssertions.buffers(out), MethodAssertions.buffers(f.original));
            Map<String, float[]> after = MethodAssertions.parameters(out);
            assertThat(variance.keySet()).containsExactlyElementsOf(before.keySet());
            double sumSq = 0;
            long n = 0;
            for (String name : before.keySet()) {
                float[] b = before.get(name);
                float[] a = after.get(name);
                float[] v = variance.get(name);
                int changed = 0;
                for (int i = 0; i < b.length; i++) {
                    double z = (a[i] - b[i]) / Math.sqrt(v[i]);
                    assertThat(Math.abs(z)).as(name).isLessThan(6.5);
                    sumSq += z * z;
                    n++;
                    changed += a[i] != b[i] ? 1 : 0;
                }
                assertThat(changed).as(name + " perturbed").isGreaterThan(b.length / 2);
            }
            // (theta - theta_0) / sqrt(v) must be standard normal overall
            assertThat(Math.sqrt(sumSq / n)).isBetween(0.97, 1.03);
        }
    }

    @Test
    void alphaZeroLeavesTheModelUnchangedAndDefaultsFollowTheSpec() {
        assertThat(ff.referenceKey()).isEqualTo("fisher");
        assertThat(ff.defaults().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("alpha", 0.2, "batch_size", 64));
        assertThat(MethodAssertions.dimension(ff, "batch_size").choices()).containsExactly(64.0, 128.0, 256.0);
        MethodAssertions.searchSpaceKeysAreHyperparameters(ff);
        MethodFixture f = MethodFixture.shared();
        HyperParameters noNoise = ff.defaults().with("alpha", "0").with("batch_size", "128");
        try (Network out = ff.unlearn(MethodAssertions.contextWithRetain(f, 128), noNoise)) {
            MethodAssertions.assertSameValues(MethodAssertions.parameters(out), MethodAssertions.parameters(f.original));
        }
    }
}
