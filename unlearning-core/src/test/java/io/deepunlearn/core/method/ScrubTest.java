package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Network;
import org.junit.jupiter.api.Test;

class ScrubTest {

    private final Scrub scrub = (Scrub) Methods.get("SCRUB");

    @Test
    void selectsTheStateWhoseForgetErrorIsClosestToTheFinalForgetValError() {
        assertThat(Scrub.select(new double[] {10, 40, 30, 35}, 33)).isEqualTo(3);
        assertThat(Scrub.select(new double[] {10, 40, 30, 35}, 12)).isEqualTo(0);
        assertThat(Scrub.select(new double[] {20, 40}, 30)).as("ties: first index").isEqualTo(0);
    }

    @Test
    void indexZeroMeansTheOriginalUnlessTheReferenceQuirkIsOn() {
        assertThat(Scrub.stateToRestore(0, 5, false)).isEqualTo(0);
        assertThat(Scrub.stateToRestore(0, 5, true)).isEqualTo(5);
        assertThat(Scrub.stateToRestore(2, 5, true)).isEqualTo(2);
    }

    @Test
    void distillationKlMatchesTheRepdistillerFormula() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            NDArray s = m.create(new float[] {0, 0, 2, 0}, new Shape(2, 2));
            NDArray t = m.create(new float[] {2, 0, 0, 0}, new Shape(2, 2));
            // T = 2: row 0 KL(softmax([1,0]) || softmax([0,0])), row 1 KL(softmax([0,0]) || softmax([1,0])); * 4 / 2
            double p = 1 / (1 + Math.exp(-1));
            double row0 = p * Math.log(p / 0.5) + (1 - p) * Math.log((1 - p) / 0.5);
            double row1 = 0.5 * Math.log(0.5 / p) + 0.5 * Math.log(0.5 / (1 - p));
            assertThat(Scrub.distill(s, t, 2).getFloat()).isCloseTo((float) ((row0 + row1) * 4 / 2), offset(1e-5f));
        }
    }

    @Test
    void returnsTheSelectedCheckpoint() {
        MethodFixture f = MethodFixture.shared();
        HyperParameters hp = scrub.defaults().with("sgda_num_epochs", "3").with("msteps", "2")
                .with("retain_batch_size", "64").with("forget_batch_size", "16").with("optimizer.learning_rate", "0.01");
        Scrub.Run run = scrub.run(f.context(), hp);
        try (Network out = run.model()) {
            assertThat(run.forgetErrors()).hasSize(4);
            assertThat(run.forgetErrors()[0]).isCloseTo(100 - 100 * Evaluator.accuracy(f.original, f.forget), offset(1e-9));
            assertThat(run.selected()).isEqualTo(Scrub.select(run.forgetErrors(), run.forgetValError()));
            double error = 100 - 100 * Evaluator.accuracy(out, f.forget);
            assertThat(error).isCloseTo(run.forgetErrors()[run.selected()], offset(1e-9));
            if (run.selected() == 0) {
                MethodAssertions.assertSameValues(MethodAssertions.parameters(out), MethodAssertions.parameters(f.original));
            }
        }
    }

    @Test
    void defaultsFollowTheSpec() {
        assertThat(scrub.referenceKey()).isEqualTo("scrubv2");
        HyperParameters d = scrub.defaults();
        assertThat(d.getDouble("gamma")).isEqualTo(1.0);
        assertThat(d.getDouble("alpha")).isEqualTo(0.5);
        assertThat(d.getDouble("beta")).isEqualTo(0.0);
        assertThat(d.getDouble("smoothing")).isEqualTo(0.5);
        assertThat(d.getInt("msteps")).isEqualTo(3);
        assertThat(d.getDouble("kd_T")).isEqualTo(2.0);
        assertThat(d.getInt("sgda_num_epochs")).isEqualTo(5);
        assertThat(d.getDouble("optimizer.learning_rate")).isEqualTo(5e-4);
        assertThat(d.getDouble("optimizer.weight_decay")).isEqualTo(5e-4);
        assertThat(d.getDouble("optimizer.momentum")).isEqualTo(0.9);
        assertThat(d.getInt("retain_batch_size")).isEqualTo(32);
        assertThat(d.getInt("forget_batch_size")).isEqualTo(64);
        assertThat(d.getBoolean("checkpoint_each_epoch")).isTrue();
        assertThat(d.getBoolean("reference_checkpoint_quirk")).isFalse();
        assertThat(MethodAssertions.dimension(scrub, "sgda_num_epochs").high()).isEqualTo(10.0);
        assertThat(MethodAssertions.dimension(scrub, "forget_batch_size").choices()).containsExactly(64.0, 128.0, 256.0);
        MethodAssertions.searchSpaceKeysAreHyperparameters(scrub);
    }
}
