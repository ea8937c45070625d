package io.deepunlearn.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumpyRandomTest {

    /** Expected values printed by NumPy 2.4: {@code np.random.RandomState(seed).permutation(n)}. */
    @Test
    void matchesNumpyLegacyPermutation() {
        assertThat(NumpyRandom.permutation(10, 123)).containsExactly(4, 0, 7, 5, 8, 3, 1, 6, 9, 2);
        assertThat(NumpyRandom.permutation(7, 0)).containsExactly(6, 2, 1, 3, 0, 5, 4);
        assertThat(java.util.Arrays.copyOf(NumpyRandom.permutation(60000, 123), 8))
                .containsExactly(29561, 26640, 24498, 24594, 24249, 22744, 35431, 37308);
        assertThat(java.util.Arrays.copyOf(NumpyRandom.permutation(51000, 123), 8))
                .containsExactly(6802, 7368, 3374, 25061, 10199, 27182, 48592, 22312);
    }
}
