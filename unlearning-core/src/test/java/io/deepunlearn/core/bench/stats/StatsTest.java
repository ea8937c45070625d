package io.deepunlearn.core.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statistics primitives on hand-made numbers (every expected value is worked out in the comments). */
class StatsTest {

    private static final double EPS = 1e-12;

    @Test
    void meanSdAndStandardError() {
        // 1, 2, 3, 4: mean 2.5, sample variance (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3, SE = sqrt(5/3) / 2
        MeanSe s = MeanSe.of(1, 2, 3, 4);
        assertThat(s.mean()).isEqualTo(2.5);
        assertThat(s.sd()).isCloseTo(Math.sqrt(5.0 / 3), offset(EPS));
        assertThat(s.se()).isCloseTo(Math.sqrt(5.0 / 3) / 2, offset(EPS));
        assertThat(s.n()).isEqualTo(4);
        assertThat(MeanSe.of(1, Double.NaN, 3).mean()).isEqualTo(2.0); // missing seeds are skipped
        MeanSe one = MeanSe.of(0.7);
        assertThat(one.mean()).isEqualTo(0.7);
        assertThat(one.se()).isNaN(); // one seed says nothing about seed noise
        assertThat(one.lower(2)).isEqualTo(0.7);
        assertThat(MeanSe.of().n()).isZero();
    }

    @Test
    void indiscIsBelowTheFloorOnlyBeyondBothStandardErrors() {
        // Indisc 0.90 ± 0.01 against a floor of 0.97 ± 0.01: 0.97 - 2 * sqrt(2) * 0.01 = 0.9417 > 0.90 -> detected
        MeanSe floor = new MeanSe(0.97, 0.02, 0.01, 4);
        assertThat(NoiseFloor.indiscBelowFloor(new MeanSe(0.90, 0.02, 0.01, 4), floor, 2)).isTrue();
        // 0.95 > 0.9417: within the floor's noise
        assertThat(NoiseFloor.indiscBelowFloor(new MeanSe(0.95, 0.02, 0.01, 4), floor, 2)).isFalse();
        // one seed: no noise estimate, no claim, however low
        assertThat(NoiseFloor.indiscBelowFloor(MeanSe.of(0.5), floor, 2)).isFalse();
        assertThat(NoiseFloor.indiscBelowFloor(new MeanSe(0.5, 0, 0, 3), MeanSe.of(0.97), 2)).isFalse();
    }

    @Test
    void rankGroupsJoinMethodsWhoseIntervalsOverlapTheGroupsBest() {
        Map<String, MeanSe> s = new LinkedHashMap<>();
        s.put("C", new MeanSe(0.30, 0, 0.01, 5)); // [0.28, 0.32]
        s.put("A", new MeanSe(0.10, 0, 0.02, 5)); // [0.06, 0.14]: opens group 1
        s.put("B", new MeanSe(0.16, 0, 0.02, 5)); // [0.12, 0.20] overlaps A's: group 1
        s.put("D", new MeanSe(0.21, 0, 0.02, 5)); // [0.17, 0.25] overlaps B's but not A's: opens group 2
        s.put("E", new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0));
        Map<String, Integer> g = RankGroups.assign(s, 2);
        assertThat(g).containsExactly(Map.entry("A", 1), Map.entry("B", 1), Map.entry("D", 2), Map.entry("C", 3),
                Map.entry("E", 4));
        // with k = 1 the intervals shrink: B [0.14, 0.18] no longer meets A [0.08, 0.12]
        assertThat(RankGroups.assign(s, 1)).containsEntry("B", 2);
    }
}
