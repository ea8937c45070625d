package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuccessiveRandomLabelsTest {

    private final UnlearningMethod srl = Methods.get("SRL");

    /** The training label of every combined position in one epoch, drawn in the loader's access order. */
    private static long[] epochLabels(RandomRelabel relabel, Loader loader, int epoch, NDManager m) {
        long[] labels = new long[relabel.combined().size()];
        RandomRelabel.Labels stream = relabel.epoch();
        for (Batch b : loader.toList(m, epoch)) {
            long[] drawn = stream.of(b.positions());
            for (int k = 0; k < drawn.length; k++) {
                labels[b.positions()[k]] = drawn[k];
            }
        }
        return labels;
    }

    @Test
    void relabelsOnlyForgetSamplesAndRedrawsEachEpoch() {
        MethodFixture f = MethodFixture.shared();
        RandomRelabel relabel = new RandomRelabel(f.forget, f.retain, 4);
        int nf = f.forget.size();
        assertThat(relabel.combined().size()).isEqualTo(nf + f.retain.size());
        Loader loader = new Loader(relabel.combined(), 32, true, false, 0);
        try (NDManager m = f.manager.newSubManager()) {
            long[] e0 = epochLabels(relabel, loader, 0, m);
            long[] e1 = epochLabels(relabel, loader, 1, m);
            assertThat(epochLabels(relabel, loader, 0, m)).as("same epoch, same labels").containsExactly(e0);
            int keptTrue = 0;
            int changed = 0;
            for (int p = 0; p < e0.length; p++) {
                if (!relabel.isForget(p)) {
                    assertThat(e0[p]).isEqualTo(f.retain.label(p - nf));
                    assertThat(e1[p]).isEqualTo(f.retain.label(p - nf));
                    continue;
                }
                assertThat(e0[p]).isBetween(0L, 3L);
                keptTrue += e0[p] == f.forget.label(p) ? 1 : 0;
                changed += e0[p] != e1[p] ? 1 : 0;
            }
            // uniform draws over 4 classes: about 1/4 keep the true label, about 3/4 change between epochs
            assertThat(keptTrue).isLessThan(nf / 2);
            assertThat(changed).isGreaterThan(nf / 2);
        }
    }

    @Test
    void trainsTheForgetSetTowardsRandomLabels() {
        MethodFixture f = MethodFixture.shared();
        double before = MethodAssertions.meanLoss(f.original, f.forget);
        HyperParameters hp = srl.defaults().with("num_epochs", "2").with("batch_size", "64");
        try (Network out = srl.unlearn(f.context(), hp)) {
            assertThat(MethodAssertions.meanLoss(out, f.forget)).isGreaterThan(before);
        }
    }

    @Test
    void defaultsFollowTheSpecAndOverridesApply() {
        assertThat(srl.referenceKey()).isEqualTo("successive_random_labels");
        assertThat(srl.defaults().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("optimizer.learning_rate", 0.1,
                "optimizer.momentum", 0.9, "optimizer.weight_decay", 5e-4, "batch_size", 256, "num_epochs", 5));
        MethodAssertions.searchSpaceKeysAreHyperparameters(srl);
        MethodFixture f = MethodFixture.shared();
        try (Network out = srl.unlearn(f.context(), srl.defaults().with("num_epochs", "0"))) {
            MethodAssertions.assertSameValues(MethodAssertions.parameters(out), MethodAssertions.parameters(f.original));
        }
    }
}
