package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.engine.Engines;
import org.junit.jupiter.api.Test;

class MasksTest {

    @Test
    void marksExactlyKSmallestEvenWithTiesAndForLargeK() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            var values = m.create(new float[] {5, 1, 4, 2, 3, 0}, new Shape(2, 3));
            assertThat(Masks.smallest(values, 2, m).toFloatArray()).containsExactly(0, 1, 0, 0, 0, 1);
            assertThat(Masks.smallest(values, 5, m).toFloatArray()).containsExactly(0, 1, 1, 1, 1, 1);
            assertThat(Masks.smallest(values, 0, m).toFloatArray()).containsOnly(0f);
            assertThat(Masks.smallest(values, 2, m).getShape()).isEqualTo(new Shape(2, 3));
            var ties = m.create(new float[] {7, 7, 7, 7});
            assertThat(FloatStats.zeros(Masks.smallest(ties, 3, m).toFloatArray())).isEqualTo(1);
            assertThatThrownBy(() -> Masks.smallest(ties, 5, m)).hasMessageContaining("cannot select 5 of 4");
        }
        assertThat(Masks.pythonRound(0.5, 5)).isEqualTo(2); // half to even, as Python's round(2.5)
        assertThat(Masks.pythonRound(0.3, 10)).isEqualTo(3);
    }
}
