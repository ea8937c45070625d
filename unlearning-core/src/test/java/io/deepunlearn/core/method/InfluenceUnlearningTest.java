package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.model.Network;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class InfluenceUnlearningTest {

    private final UnlearningMethod iu = Methods.get("IU");

    @Test
    void woodFisherRecursionMatchesAHandComputedExample() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager();
             WoodFisher wf = new WoodFisher(m.create(new float[] {1, 0}), 2, m)) {
            wf.accept(m.create(new float[] {1, 1}));   // o = [1, 1]
            wf.accept(m.create(new float[] {1, 0}));   // t = 1: k = [2/3, -1/3], o = [2/3, 2/3]
            wf.accept(m.create(new float[] {0, 1}));   // t = 2/3: k = [3/4, -1/4], o = [1/2, 1/2]
            assertThat(wf.direction().toFloatArray()).usingComparatorWithPrecision(1e-6f).containsExactly(0.75f, -0.25f);
            assertThat(wf.wantsMore()).isTrue();
            wf.accept(m.create(new float[] {0, 0}));
            assertThat(wf.wantsMore()).as("N + 2 = 4 gradients taken").isFalse();
            assertThat(wf.seen()).isEqualTo(4);
        }
    }

    @Test
    @Tag("slow") // not in the fast tier (-Pfast): ~1 000 single-sample gradients for the WoodFisher estimate
    void movesParametersAlongTheWoodFisherDirection() {
        MethodFixture f = MethodFixture.shared();
        float[] k;
        UnlearningContext probe = MethodAssertions.contextWithRetain(f, 120);
        try (Network net = probe.model(); NDManager m = f.manager.newSubManager()) {
            k = InfluenceUnlearning.direction(probe, 128, InfluenceUnlearning.WOODFISHER_N, m).toFloatArray();
        }
        float[] before = flat(MethodAssertions.parameters(f.original));
        float[] small;
        float[] large;
        HyperParameters hp = iu.defaults().with("batch_size", "128");
        try (Network out = iu.unlearn(MethodAssertions.contextWithRetain(f, 120), hp.with("alpha", "0.2"))) {
            MethodAssertions.assertSameValues(MethodAssertions.buffers(out), MethodAssertions.buffers(f.original));
            small = flat(MethodAssertions.parameters(out));
        }
        try (Network out = iu.unlearn(MethodAssertions.contextWithRetain(f, 120), hp.with("alpha", "0.4"))) {
            large = flat(MethodAssertions.parameters(out));
        }
        assertThat(k).hasSize(before.length);
        double norm = 0;
        for (float x : k) {
            norm += x * x;
        }
        assertThat(norm).isGreaterThan(0);
        double scale = Math.sqrt(norm / k.length);
        for (int i = 0; i < k.length; i++) {
            assertThat((double) small[i] - before[i]).isCloseTo(0.2 * k[i], offset(1e-3 * scale + 1e-6));
            assertThat((double) large[i] - before[i]).isCloseTo(0.4 * k[i], offset(1e-3 * scale + 1e-6));
        }
    }

    private static float[] flat(Map<String, float[]> params) {
        int n = params.values().stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int off = 0;
        for (float[] a : params.values()) {
            System.arraycopy(a, 0, out, off, a.length);
            off += a.length;
        }
        return out;
    }

    @Test
    void defaultsFollowTheSpec() {
        assertThat(iu.referenceKey()).isEqualTo("influence");
        HyperParameters d = iu.defaults();
        assertThat(d.getDouble("alpha")).isEqualTo(0.2);
        assertThat(d.getInt("batch_size")).isEqualTo(256);
        assertThat(d.has("num_epochs")).isTrue();
        assertThat(MethodAssertions.dimension(iu, "alpha").high()).isEqualTo(1.0);
        MethodAssertions.searchSpaceKeysAreHyperparameters(iu);
    }
}
