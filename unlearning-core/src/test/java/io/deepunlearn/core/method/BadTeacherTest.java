package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BadTeacherTest {

    private final UnlearningMethod bt = Methods.get("BT");

    @Test
    void targetIsTheIncompetentTeacherOnForgetRowsAndTheCompetentOneElsewhere() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            NDArray bad = m.create(new float[] {0, 0, 0, 2, 0, 0}, new Shape(2, 3));
            NDArray good = m.create(new float[] {4, 0, 0, 0, 0, 4}, new Shape(2, 3));
            NDArray flags = m.create(new float[] {1, 0}, new Shape(2, 1));
            float[] q = BadTeacher.teacherTarget(bad, good, flags, 2.0).toFloatArray();
            // row 0 (forget): softmax([0,0,0]/2) = 1/3 each; row 1 (retain): softmax([0,0,4]/2)
            double z = 2 + Math.exp(2);
            assertThat(q).usingComparatorWithPrecision(1e-6f)
                    .containsExactly(1 / 3f, 1 / 3f, 1 / 3f, (float) (1 / z), (float) (1 / z), (float) (Math.exp(2) / z));
        }
    }

    /** Mean over {@code data} of KL(softmax(teacher) || softmax(student)). */
    private static double meanKl(Network teacher, Network student, TensorDataset data) {
        var t = Evaluator.predict(teacher, data);
        var s = Evaluator.predict(student, data);
        double kl = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] p = t.softmax(i);
            double[] q = s.softmax(i);
            for (int c = 0; c < p.length; c++) {
                kl += p[c] * (Math.log(p[c]) - Math.log(q[c]));
            }
        }
        return kl / data.size();
    }

    /**
     * The same 51 samples, once flagged as forget (D_r empty) and once as retain (D_f a single other sample): the
     * origin flag alone decides whether the student is pulled to the incompetent or the competent teacher.
     */
    @Test
    void forgetSamplesFollowTheIncompetentTeacherAndRetainSamplesTheCompetentOne() {
        MethodFixture f = MethodFixture.shared();
        HyperParameters hp = bt.defaults().with("num_epochs", "4").with("batch_size", "16")
                .with("optimizer.learning_rate", "0.001");
        TensorDataset samples = f.forget;
        UnlearningData asForget = new UnlearningData(samples.subset(new int[0]), samples, f.val);
        UnlearningData asRetain = new UnlearningData(samples, f.val.subset(new int[] {0}), f.val);
        try (Network incompetent = BadTeacher.incompetentTeacher(f.original, false, 0);
             Network forgotten = bt.unlearn(new UnlearningContext(f.original.copy(), asForget, 0, ProgressListener.NONE), hp);
             Network retained = bt.unlearn(new UnlearningContext(f.original.copy(), asRetain, 0, ProgressListener.NONE), hp)) {
            double before = meanKl(incompetent, f.original, samples);
            assertThat(meanKl(incompetent, forgotten, samples)).isLessThan(0.5 * before)
                    .isLessThan(meanKl(f.original, forgotten, samples));
            assertThat(meanKl(f.original, retained, samples)).isLessThan(0.1)
                    .isLessThan(meanKl(incompetent, retained, samples));
        }
    }

    @Test
    void referenceParityTeacherIsAResNet18() {
        MethodFixture f = MethodFixture.shared();
        try (Network t = BadTeacher.incompetentTeacher(f.original, true, 0)) {
            assertThat(t.spec().architecture()).isEqualTo("resnet18");
            assertThat(t.spec().numClasses()).isEqualTo(4);
            assertThat(t.parameters()).noneMatch(p -> p.trainable());
        }
    }

    @Test
    void defaultsFollowTheSpecAndTemperatureIsValidated() {
        assertThat(bt.referenceKey()).isEqualTo("bad_teacher");
        assertThat(bt.defaults().asMap()).containsExactlyInAnyOrderEntriesOf(Map.of("optimizer.learning_rate", 0.01,
                "optimizer.momentum", 0.9, "optimizer.weight_decay", 0.0, "batch_size", 256, "num_epochs", 10,
                "kl_temperature", 1.0, "resnet_teacher", false, "checkpoint_each_epoch", true));
        assertThat(MethodAssertions.dimension(bt, "kl_temperature").high()).isEqualTo(5.0);
        MethodAssertions.searchSpaceKeysAreHyperparameters(bt);
        MethodFixture f = MethodFixture.shared();
        UnlearningContext ctx = f.context();
        try (Network model = ctx.model()) {
            assertThatThrownBy(() -> bt.unlearn(ctx, bt.defaults().with("kl_temperature", "0")))
                    .hasMessageContaining("BT.kl_temperature must be > 0");
        }
    }
}
