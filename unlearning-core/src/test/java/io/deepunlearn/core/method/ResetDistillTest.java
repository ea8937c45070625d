package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.Layer;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import org.junit.jupiter.api.Test;

class ResetDistillTest {

    @Test
    void resetsConv1OrTheSmallCnnOrTinyVitStemAndTheClassifier() {
        MethodFixture f = MethodFixture.shared();
        try (Network resnet = Architectures.create(new ModelSpec("resnet18", 4, 3, 32), f.manager.newSubManager(), 0)) {
            assertThat(ResetDistill.resetTargets(resnet, true)).extracting(Layer::prefix).containsExactly("conv1", "fc");
        }
        try (Network vit = Architectures.create(new ModelSpec("tiny-vit", 4, 3, 32), f.manager.newSubManager(), 0)) {
            assertThat(ResetDistill.resetTargets(vit, true)).extracting(Layer::prefix)
                    .containsExactly("patch_embed.seq.0.c", "head");
            assertThat(ResetDistill.resetTargets(vit, false)).extracting(Layer::prefix).containsExactly("head");
        }
        assertThat(ResetDistill.resetTargets(f.original, true)).extracting(Layer::prefix).containsExactly("block1.conv", "fc");
        assertThat(ResetDistill.resetTargets(f.original, false)).extracting(Layer::prefix).containsExactly("fc");
    }

    @Test
    void withoutTrainingOnlyTheResetLayersChangeWithinPyTorchDefaultBounds() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod kde = Methods.get("KDE");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = kde.unlearn(ctx, kde.defaults().with("num_epochs", "0").with("retain_num_epochs", "0"));
        assertThat(before.changedIn(out)).containsExactlyInAnyOrder("block1.conv.weight", "fc.weight", "fc.bias");
        assertThat(FloatStats.maxAbs(out.param("block1.conv.weight").value().toFloatArray()))
                .isLessThanOrEqualTo(1 / Math.sqrt(3 * 9));
        assertThat(FloatStats.maxAbs(out.param("fc.weight").value().toFloatArray())).isLessThanOrEqualTo(1 / Math.sqrt(128));
        out.close();
    }

    @Test
    void stemFallbackFalseIsTheReferenceVariantThatResetsTheClassifierAlone() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod kde = Methods.get("KDE");
        assertThat(kde.defaults().getBoolean("stem_fallback")).isTrue();
        assertThat(new ResetDistill(false).defaults().getBoolean("stem_fallback")).isFalse();
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = kde.unlearn(ctx, kde.defaults().with("num_epochs", "0").with("retain_num_epochs", "0")
                .with("stem_fallback", "false"));
        assertThat(before.changedIn(out)).containsExactlyInAnyOrder("fc.weight", "fc.bias");
        out.close();
    }

    @Test
    void distillationIsTemperedKlFromTeacherToStudent() {
        try (NDManager m = MethodFixture.shared().manager.newSubManager()) {
            var teacher = m.create(new float[] {0, 0}, new Shape(1, 2));
            float t = 5;
            var student = m.create(new float[] {(float) (t * Math.log(3)), 0}, new Shape(1, 2));
            // softmax(student/T) = (3/4, 1/4); KL(u || p) = 1/2 log(4/3), no T^2 factor
            assertThat(ResetDistill.distillation(student, teacher, t).getFloat())
                    .isCloseTo((float) (0.5 * Math.log(4.0 / 3)), offset(1e-6f));
            assertThat(ResetDistill.distillation(teacher, teacher, t).getFloat()).isCloseTo(0f, offset(1e-7f));
        }
    }

    @Test
    void teacherIsAnIndependentCopyThatTrainingDoesNotMove() {
        MethodFixture f = MethodFixture.shared();
        try (Network student = f.original.copy(); Network teacher = student.copy()) {
            float[] before = teacher.param("fc.weight").value().toFloatArray();
            student.param("fc.weight").value().addi(1f);
            assertThat(teacher.param("fc.weight").value().toFloatArray()).isEqualTo(before);
        }
    }
}
