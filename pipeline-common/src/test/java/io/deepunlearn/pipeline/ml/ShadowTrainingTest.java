package io.deepunlearn.pipeline.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.pipeline.event.ShadowSpec;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShadowTrainingTest {

    @Test
    void eachShadowTrainsOnASeededHalfWithoutTombstonedSamples() {
        int[] pool = IntStream.range(0, 1000).toArray();
        Set<Integer> tombstoned = Set.of(1, 2, 3, 500);
        List<Integer> a = ShadowTraining.members(pool, tombstoned, "m", new ShadowSpec(4, 0, 8));
        assertThat(a).hasSize(498).doesNotContainAnyElementsOf(tombstoned).isSorted();
        assertThat(ShadowTraining.members(pool, tombstoned, "m", new ShadowSpec(4, 0, 8))).isEqualTo(a); // retry: same
        List<Integer> b = ShadowTraining.members(pool, tombstoned, "m", new ShadowSpec(4, 1, 8));
        assertThat(b).isNotEqualTo(a);
        // over 8 shadows, every sample is left out by some (about half): the out side exists for all
        int[] inCount = new int[1000];
        for (int k = 0; k < 8; k++) {
            ShadowTraining.members(pool, tombstoned, "m", new ShadowSpec(4, k, 8)).forEach(id -> inCount[id]++);
        }
        assertThat(IntStream.of(inCount).average().orElseThrow()).isBetween(3.9, 4.0);
        assertThat(IntStream.range(0, 1000).filter(i -> inCount[i] == 8).count()).isLessThan(15);
    }
}
