package io.deepunlearn.core.ulira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MembershipAttackTest {

    private static final ShadowSplits SPLITS = new ShadowSplits(400, 16, 4);
    private static final byte[][][] ROLES = SPLITS.allRoles();

    /**
     * Per-sample statistics: a sample-specific level (samples differ a lot, as real confidences do) plus {@code shift}
     * when the model forgot the sample, plus unit noise per model.
     */
    private static double[][][] gaussianStats(double shift, long seed) {
        Random rng = new Random(seed);
        double[] level = new double[SPLITS.devSize()];
        for (int j = 0; j < level.length; j++) {
            level[j] = 4 * rng.nextGaussian();
        }
        double[][][] x = new double[16][4][SPLITS.devSize()];
        for (int s = 0; s < 16; s++) {
            for (int f = 0; f < 4; f++) {
                for (int j = 0; j < level.length; j++) {
                    x[s][f][j] = level[j] + (ROLES[s][f][j] == ShadowSplits.FORGOTTEN ? shift : 0) + rng.nextGaussian();
                }
            }
        }
        return x;
    }

    @Test
    void separatesForgottenFromNeverSeenWhenTheirDistributionsDiffer() {
        List<MembershipAttack.Decision> d = MembershipAttack.run(gaussianStats(3, 1), ROLES,
                MembershipAttack.Statistic.LOGIT_CONFIDENCE, 7);
        AttackMetrics m = AttackMetrics.of(d);
        assertThat(m.targets()).isGreaterThan(1000);
        assertThat(d.stream().filter(MembershipAttack.Decision::forgotten).count()).as("balanced")
                .isEqualTo(m.targets() / 2);
        assertThat(m.balancedAccuracy()).isGreaterThan(0.85);
        assertThat(m.auc()).isGreaterThan(0.9);
        assertThat(m.tprAt1PercentFpr()).isGreaterThan(0.2);
        assertThat(m.meanPMemberForgotten()).isGreaterThan(0.7);
        assertThat(m.meanPMemberNever()).isLessThan(0.3);
    }

    @Test
    void staysNearChanceWhenForgottenAndNeverSeenLookAlike() {
        AttackMetrics m = AttackMetrics.of(MembershipAttack.run(gaussianStats(0, 2), ROLES,
                MembershipAttack.Statistic.LOGIT_CONFIDENCE, 7));
        assertThat(m.balancedAccuracy()).isBetween(0.45, 0.55);
        assertThat(m.auc()).isBetween(0.45, 0.55);
        assertThat(m.tprAt1PercentFpr()).isLessThan(0.05);
    }

    @Test
    void parityModeStaysFiniteWhenCorrectnessNeverVaries() {
        double[][][] x = new double[16][4][SPLITS.devSize()];
        for (int s = 0; s < 16; s++) {
            for (int f = 0; f < 4; f++) {
                for (int j = 0; j < x[s][f].length; j++) {
                    x[s][f][j] = ROLES[s][f][j] == ShadowSplits.NEVER ? 0 : 1; // zero variance in both groups
                }
            }
        }
        List<MembershipAttack.Decision> d = MembershipAttack.run(x, ROLES, MembershipAttack.Statistic.CORRECTNESS, 7);
        assertThat(d).isNotEmpty().allSatisfy(e -> assertThat(e.pMember()).isFinite().isBetween(0.0, 1.0));
        AttackMetrics m = AttackMetrics.of(d);
        assertThat(m.balancedAccuracy()).isEqualTo(1.0);
        assertThat(m.auc()).isEqualTo(1.0);
    }

    @Test
    void parityModeNearChanceForIdenticalBernoullis() {
        Random rng = new Random(3);
        double[][][] x = new double[16][4][SPLITS.devSize()];
        for (double[][] perSplit : x) {
            for (double[] model : perSplit) {
                for (int j = 0; j < model.length; j++) {
                    model[j] = rng.nextDouble() < 0.8 ? 1 : 0;
                }
            }
        }
        AttackMetrics m = AttackMetrics.of(MembershipAttack.run(x, ROLES, MembershipAttack.Statistic.CORRECTNESS, 7));
        assertThat(m.balancedAccuracy()).isBetween(0.44, 0.56);
        assertThat(m.auc()).isBetween(0.44, 0.56);
    }

    @Test
    void everyTargetKeepsItsTrueRoleAndEverySplitServesAsTarget() {
        double[][][] x = gaussianStats(0, 4);
        List<MembershipAttack.Decision> d = MembershipAttack.run(x, ROLES, MembershipAttack.Statistic.LOGIT_CONFIDENCE, 7);
        assertThat(d).allSatisfy(e -> assertThat(ROLES[e.split()][e.forgetSet()][e.sample()])
                .isEqualTo(e.forgotten() ? ShadowSplits.FORGOTTEN : ShadowSplits.NEVER));
        assertThat(d.stream().map(MembershipAttack.Decision::split).distinct().count()).isEqualTo(16);
    }

    @Test
    void metricsOfAKnownRanking() {
        double[] score = {0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1};
        boolean[] pos = {true, true, false, true, false, true, false, false};
        AttackMetrics m = AttackMetrics.of(score, pos);
        assertThat(m.auc()).isEqualTo(13.0 / 16);
        assertThat(m.balancedAccuracy()).isEqualTo(0.75);
        assertThat(m.tprAt1PercentFpr()).isEqualTo(0.5);
        assertThat(m.roc().get(m.roc().size() - 1)).containsExactly(1.0, 1.0);
    }

    @Test
    void shadowSplitsFollowTheReferenceConstruction() {
        assertThat(SPLITS.val()).hasSize(20);
        assertThat(SPLITS.devSize()).isEqualTo(380);
        assertThat(box(SPLITS.members(0))).hasSize(190).doesNotContainAnyElementsOf(box(SPLITS.nonMembers(0)));
        assertThat(box(SPLITS.forget(0, 1))).hasSize(19).isSubsetOf(box(SPLITS.members(0)));
        assertThat(box(SPLITS.retain(0, 1))).hasSize(171).doesNotContainAnyElementsOf(box(SPLITS.forget(0, 1)));
        assertThat(SPLITS.forget(0, 1)).isNotEqualTo(SPLITS.forget(0, 2));
        assertThat(SPLITS.members(0)).isNotEqualTo(SPLITS.members(1));
    }

    private static List<Integer> box(int[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
