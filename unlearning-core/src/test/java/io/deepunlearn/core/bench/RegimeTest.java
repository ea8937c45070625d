package io.deepunlearn.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegimeTest {

    @Test
    void paperRegimeIsTheFashionMnistRecipeWithThePapersSearchBudget() {
        Regime p = Regime.named("Paper");
        assertThat(p).isSameAs(Regime.PAPER);
        assertThat(p.epochs()).isEqualTo(50);
        assertThat(p.batchSize()).isEqualTo(256);
        assertThat(p.learningRate()).isEqualTo(0.1);
        assertThat(p.seeds()).isGreaterThanOrEqualTo(5);
        assertThat(p.trainSize()).isEqualTo(3000); // D_f = 255: FA's binomial SE ~0.02, the gap ~0.1 (docs)
        assertThat(p.maxUnlearningEpochs()).isEqualTo(10); // the paper's E_max for Fashion-MNIST
        assertThatThrownBy(() -> Regime.named("huge")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paper");
    }
}
