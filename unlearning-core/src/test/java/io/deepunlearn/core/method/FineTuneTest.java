package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Network;
import org.junit.jupiter.api.Test;

class FineTuneTest {

    @Test
    void trainsOnlyOnTheRetainSetAndChangesTheModel() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod ft = Methods.get("ft");
        HyperParameters hp = ft.defaults().with("num_epochs", "2").with("optimizer.learning_rate", "0.01");
        UnlearningContext ctx = f.context();
        float[] before = ctx.model().param("fc.weight").value().toFloatArray();
        Network out = ft.unlearn(ctx, hp);
        assertThat(out.param("fc.weight").value().toFloatArray()).isNotEqualTo(before);
        assertThat(Evaluator.accuracy(out, f.retain)).isGreaterThan(0.5);
        out.close();
    }

    @Test
    void rejectsUnknownOrMistypedHyperparameters() {
        HyperParameters d = Methods.get("FT").defaults();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.with("init_rate", "0.3"))
                .hasMessageContaining("FT has no hyperparameter 'init_rate'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.with("num_epochs", "2.5"))
                .hasMessageContaining("FT.num_epochs");
    }
}
