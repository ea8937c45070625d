package io.deepunlearn.core.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The statistics on hand-made numbers (every expected value is worked out in the comments). */
class SeedStatisticsTest {

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
    void perSeedRetDevDoesNotLetOppositeErrorsCancel() {
        // reference RA = FA = TA = 0.8 on both seeds; the method is 0.1 above on seed 0 and 0.1 below on seed 1
        double[] ref = {0.8, 0.8};
        double[] m = {0.9, 0.7};
        // per seed: 3 x |0.9/0.8 - 1| = 3 x 0.125 = 0.375 and 3 x |0.7/0.8 - 1| = 0.375
        assertThat(RetDevStats.perSeed(m, m, m, ref, ref, ref)).containsExactly(new double[] {0.375, 0.375},
                offset(EPS));
        // the seed means are 0.8 = the reference's: RetDev of means 0
        assertThat(RetDevStats.ofMeans(m, m, m, ref, ref, ref)).isCloseTo(0, offset(EPS));
        // one missing seed stays missing
        assertThat(RetDevStats.perSeed(new double[] {0.8, Double.NaN}, m, m, ref, ref, ref)[1]).isNaN();
        assertThat(RetDevStats.retDev(0.5, 0.5, 0.5, 0, 1, 1)).isNaN();
        assertThatThrownBy(() -> RetDevStats.perSeed(m, m, m, ref, ref, new double[] {0.8}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forgetSpecificChangeSubtractsTheTestAccuracyChange() {
        // seed 0: FA 0.95 -> 0.85 (-0.10), TA 0.85 -> 0.83 (-0.02): -0.08; seed 1: FA and TA both -0.05: 0
        double[] out = ForgetSpecificChange.perSeed(new double[] {0.85, 0.90}, new double[] {0.83, 0.80},
                new double[] {0.95, 0.95}, new double[] {0.85, 0.85});
        assertThat(out).containsExactly(new double[] {-0.08, 0.0}, offset(1e-12));
    }

    @Test
    void noiseFloorScoresEachRetrainAgainstTheNextSeedsCyclically() {
        double[] ra = {1.0, 0.8, 0.5};
        double[] same = {0.5, 0.5, 0.5};
        // pairs (0 <- 1): |0.8/1 - 1| = 0.2; (1 <- 2): |0.5/0.8 - 1| = 0.375; (2 <- 0): |1/0.5 - 1| = 1
        assertThat(NoiseFloor.perSeedRetDev(ra, same, same)).containsExactly(new double[] {0.2, 0.375, 1.0},
                offset(EPS));
        assertThat(NoiseFloor.perSeedRetDev(new double[] {1}, new double[] {1}, new double[] {1})[0]).isNaN();
        // Indisc 0.90 ± 0.01 against a floor of 0.97 ± 0.01: 0.97 - 2 * sqrt(2) * 0.01 = 0.9417 > 0.90 -> detected
        MeanSe floor = new MeanSe(0.97, 0.02, 0.01, 4);
        assertThat(NoiseFloor.indiscBelowFloor(new MeanSe(0.90, 0.02, 0.01, 4), floor, 2)).isTrue();
        // 0.95 > 0.9417: within the floor's noise
        assertThat(NoiseFloor.indiscBelowFloor(new MeanSe(0.95, 0.02, 0.01, 4), floor, 2)).isFalse();
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

    @Test
    void leaveOneSeedOutGivesTheRankRange() {
        Map<String, double[]> perSeed = new LinkedHashMap<>();
        perSeed.put("steady", new double[] {0.20, 0.20, 0.20});
        // lucky: mean 0.30 -> 2nd; without seed 0 or 1: 0.45 -> 2nd; without seed 2: 0.00 -> 1st
        perSeed.put("lucky", new double[] {0.00, 0.00, 0.90});
        perSeed.put("bad", new double[] {0.50, 0.50, 0.50});
        Map<String, LeaveOneSeedOut.RankRange> r = LeaveOneSeedOut.ranks(perSeed);
        assertThat(r.get("steady")).isEqualTo(new LeaveOneSeedOut.RankRange(1, 1, 2));
        assertThat(r.get("lucky")).isEqualTo(new LeaveOneSeedOut.RankRange(2, 1, 2));
        assertThat(r.get("bad")).isEqualTo(new LeaveOneSeedOut.RankRange(3, 3, 3));
    }

    @Test
    void seedStatisticsRanksWithGroupsFloorAndOriginal() {
        SeedStatistics.MethodSeeds retrain = new SeedStatistics.MethodSeeds("Retrain", new double[] {0.8, 0.8},
                new double[] {0.8, 0.8}, new double[] {0.8, 0.8}, new double[] {0.5, 0.5}, new double[] {0.98, 0.96});
        // the original memorised D_f: FA 1.0 -> per-seed RetDev |1/0.8 - 1| = 0.25 on both seeds
        SeedStatistics.MethodSeeds original = new SeedStatistics.MethodSeeds("Original", new double[] {0.8, 0.8},
                new double[] {1.0, 1.0}, new double[] {0.8, 0.8}, new double[] {0.6, 0.6}, new double[] {0.8, 0.8});
        // "good": FA 0.84 / 0.76 -> per seed 0.05 and 0.05; of means 0
        SeedStatistics.MethodSeeds good = new SeedStatistics.MethodSeeds("good", new double[] {0.8, 0.8},
                new double[] {0.84, 0.76}, new double[] {0.8, 0.8}, new double[] {0.5, 0.5}, new double[] {0.97, 0.97});
        // "damage": everything 0.6 -> 3 x 0.25 = 0.75
        SeedStatistics.MethodSeeds damage = new SeedStatistics.MethodSeeds("damage", new double[] {0.6, 0.6},
                new double[] {0.6, 0.6}, new double[] {0.6, 0.6}, new double[] {0.5, 0.5}, new double[] {0.97, 0.97});
        List<SeedStatistics.Row> rows = SeedStatistics.compute(retrain, original, List.of(damage, good), 2);
        assertThat(rows).extracting(SeedStatistics.Row::method)
                .containsExactly("Retrain", "Retrain-noise-floor", "good", "Original", "damage");
        SeedStatistics.Row floor = rows.get(1);
        assertThat(floor.retDevPerSeed().mean()).isZero(); // the two retrained models agree exactly here
        assertThat(floor.retDevOfMeans()).isNaN();
        assertThat(floor.mia().mean()).isEqualTo(0.5);
        SeedStatistics.Row g = rows.get(2);
        assertThat(g.retDevOfMeans()).isCloseTo(0, offset(EPS));
        assertThat(g.retDevPerSeed().mean()).isCloseTo(0.05, offset(EPS));
        assertThat(g.retDevPerSeed().se()).isCloseTo(0, offset(EPS));
        // floor [0, 0] and good [0.05, 0.05] do not overlap: separate groups
        assertThat(List.of(floor.rankGroup(), g.rankGroup(), rows.get(3).rankGroup(), rows.get(4).rankGroup()))
                .containsExactly(1, 2, 3, 4);
        // forget-specific change: good (0.80 - 1.0) - 0 = -0.20 on average; Retrain the same
        assertThat(g.forgetSpecificChange().mean()).isCloseTo(-0.2, offset(EPS));
        assertThat(rows.get(0).forgetSpecificChange().mean()).isCloseTo(-0.2, offset(EPS));
        // the original's Indisc 0.8 is far below the floor's 0.97 ± 0.01: detected; good's 0.97 is not
        assertThat(rows.get(3).miaDetects()).isTrue();
        assertThat(g.miaDetects()).isFalse();
        assertThat(rows.get(4).noBetterThanOriginal()).isTrue();
        assertThat(g.noBetterThanOriginal()).isFalse();
        assertThat(rows).extracting(SeedStatistics.Row::rank).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void insideARankGroupTheMiaDetectedMethodComesLast() {
        // retrained FA 0.78 / 0.82: the floor's per-seed RetDev is 0.82/0.78 - 1 = 0.0513 and 1 - 0.78/0.82 = 0.0488
        SeedStatistics.MethodSeeds retrain = new SeedStatistics.MethodSeeds("Retrain", new double[] {0.8, 0.8},
                new double[] {0.78, 0.82}, new double[] {0.8, 0.8}, new double[] {0.5, 0.5}, new double[] {0.98, 0.96});
        SeedStatistics.MethodSeeds original = new SeedStatistics.MethodSeeds("Original", new double[] {0.8, 0.8},
                new double[] {1.0, 1.0}, new double[] {0.8, 0.8}, new double[] {0.6, 0.6}, new double[] {0.8, 0.8});
        // a: per seed 0.02 / 0.10 (mean 0.06, SE 0.04), detected by the MIA; b: 0.05 / 0.11 (0.08, SE 0.03), not.
        // Both intervals reach the floor's [0.0475, 0.0525]: all three share group 1
        SeedStatistics.MethodSeeds a = new SeedStatistics.MethodSeeds("a", new double[] {0.8, 0.8},
                new double[] {0.78 * 1.02, 0.82 * 1.10}, new double[] {0.8, 0.8}, new double[] {0.7, 0.7},
                new double[] {0.6, 0.6});
        SeedStatistics.MethodSeeds b = new SeedStatistics.MethodSeeds("b", new double[] {0.8, 0.8},
                new double[] {0.78 * 1.05, 0.82 * 1.11}, new double[] {0.8, 0.8}, new double[] {0.5, 0.5},
                new double[] {0.97, 0.97});
        List<SeedStatistics.Row> rows = SeedStatistics.compute(retrain, original, List.of(a, b), 2);
        SeedStatistics.Row ra = rows.stream().filter(r -> r.method().equals("a")).findFirst().orElseThrow();
        SeedStatistics.Row rb = rows.stream().filter(r -> r.method().equals("b")).findFirst().orElseThrow();
        assertThat(ra.retDevPerSeed().mean()).isCloseTo(0.06, offset(1e-9));
        assertThat(rb.retDevPerSeed().mean()).isCloseTo(0.08, offset(1e-9));
        assertThat(ra.rankGroup()).isEqualTo(1);
        assertThat(rb.rankGroup()).isEqualTo(1);
        assertThat(ra.miaDetects()).isTrue();
        assertThat(rb.miaDetects()).isFalse();
        assertThat(rows).extracting(SeedStatistics.Row::method)
                .containsExactly("Retrain", "Retrain-noise-floor", "b", "a", "Original"); // b before a: a is detected
    }
}
