package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.model.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalUnTest {

    private final UnlearningMethod salun = Methods.get("salun");

    @Test
    void maskMarksExactlyTheGlobalTopFraction() {
        Map<String, float[]> scores = new LinkedHashMap<>();
        scores.put("a", new float[] {0.1f, 0.5f, 0.3f});
        scores.put("b", new float[] {0.9f, 0.2f});
        Map<String, float[]> mask = SaliencyMask.topFraction(scores, 0.4); // floor(0.4 * 5) = 2 elements
        assertThat(mask.get("a")).containsExactly(0, 1, 0);
        assertThat(mask.get("b")).containsExactly(1, 0);
        assertThat(SaliencyMask.topFraction(scores, 0).get("b")).containsExactly(0, 0);
        assertThat(SaliencyMask.topFraction(scores, 1).get("a")).containsExactly(1, 1, 1);
    }

    @Test
    void tiesAtTheCutKeepTheCountExact() {
        Map<String, float[]> scores = Map.of("w", new float[] {1, 1, 1, 1, 0});
        assertThat(SaliencyMask.topFraction(scores, 0.5).get("w")).containsExactly(1, 1, 0, 0, 0);
    }

    @Test
    void updatesOnlyTheSalientElements() {
        MethodFixture f = MethodFixture.shared();
        HyperParameters hp = salun.defaults().with("num_epochs", "1").with("batch_size", "64").with("threshold", "0.2")
                .with("optimizer.learning_rate", "0.05");
        Map<String, float[]> mask;
        UnlearningContext probe = f.context();
        try (Network net = probe.model()) {
            mask = SaliencyMask.topFraction(SalUn.saliency(net, probe, 64), 0.2);
        }
        Map<String, float[]> before = MethodAssertions.parameters(f.original);
        try (Network out = salun.unlearn(f.context(), hp)) {
            Map<String, float[]> after = MethodAssertions.parameters(out);
            long changed = 0;
            long salient = 0;
            long total = 0;
            List<String> changedOutsideMask = new ArrayList<>();
            for (String name : before.keySet()) {
                float[] b = before.get(name);
                float[] a = after.get(name);
                float[] m = mask.get(name);
                for (int i = 0; i < b.length; i++) {
                    total++;
                    salient += (long) m[i];
                    if (a[i] != b[i]) {
                        changed++;
                        if (m[i] != 1f) {
                            changedOutsideMask.add(name + "[" + i + "]");
                        }
                    }
                }
            }
            assertThat(changedOutsideMask).isEmpty();
            assertThat(salient).isEqualTo((long) Math.floor(0.2 * total));
            assertThat(changed).isGreaterThan(salient / 2);
        }
    }

    @Test
    void defaultsFollowTheSpec() {
        assertThat(salun.referenceKey()).isEqualTo("salun");
        HyperParameters d = salun.defaults();
        assertThat(d.getDouble("optimizer.learning_rate")).isEqualTo(0.01);
        assertThat(d.getDouble("optimizer.momentum")).isEqualTo(0.0);
        assertThat(d.getDouble("optimizer.weight_decay")).isEqualTo(0.0);
        assertThat(d.getInt("num_epochs")).isEqualTo(10);
        assertThat(d.getInt("batch_size")).isEqualTo(256);
        assertThat(d.getDouble("threshold")).isEqualTo(0.5);
        assertThat(MethodAssertions.dimension(salun, "optimizer.momentum").low()).isEqualTo(0.9);
        assertThat(MethodAssertions.dimension(salun, "mask_optimizer.learning_rate").kind())
                .isEqualTo(SearchSpace.Kind.LOG_FLOAT);
        MethodAssertions.searchSpaceKeysAreHyperparameters(salun);
    }
}
