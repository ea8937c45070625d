package io.deepunlearn.auditor.ulira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Offline LiRA, its summary and the shadow rebuild rule on synthetic numbers. */
class OfflineLiraTest {

    @Test
    void aSampleWithEnoughShadowsIsScoredAgainstItsOwnGaussian() {
        // out observations 0, 1, ..., 9: mean 4.5, sd 3.0277; x = 4.5 + 1.6449 sd sits at p = 0.05
        double[] out = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double sd = Math.sqrt(OfflineLira.variance(out));
        assertThat(sd).isCloseTo(3.0277, within(1e-4));
        OfflineLira.Scores s = OfflineLira.score(new double[] {4.5 + 1.6449 * sd, 4.5, -100},
                new double[][] {out, out, out});
        assertThat(s.pValues()[0]).isCloseTo(0.05, within(1e-4));
        assertThat(s.pValues()[1]).isCloseTo(0.5, within(1e-9));
        assertThat(s.pValues()[2]).isCloseTo(1.0, within(1e-9));
        assertThat(s.z()[1]).isZero();
    }

    @Test
    void fewShadowsUseThePooledVarianceAndNoneLeaveTheSampleUnscored() {
        // two samples with 2 observations each: within-sample variances 2 and 8, pooled (2 + 8) / 2 = 5
        double[][] out = {{1, 3}, {10, 14}, {}};
        assertThat(OfflineLira.pooledVariance(out)).isCloseTo(5, within(1e-12));
        OfflineLira.Scores s = OfflineLira.score(new double[] {2 + Math.sqrt(5), 12, 7}, out);
        assertThat(s.z()[0]).isCloseTo(1, within(1e-12));
        assertThat(s.z()[1]).isCloseTo(0, within(1e-12));
        assertThat(s.z()[2]).isNaN();
        assertThat(s.pValues()[2]).isNaN();
        assertThat(s.scored()).isEqualTo(2);
    }

    /**
     * Synthetic shadows: every sample has its own out-mean; never-seen samples are drawn from their out Gaussian,
     * members (remembered) sit 3 sd above it. The held-out flagged ratio is near the FPR, the members' near 1, and
     * the AUC separates them; when the "forgotten" samples are really forgotten (drawn like held-out), AUC ~ 0.5.
     */
    @Test
    void membersAreFlaggedAndForgottenOnesLookLikeHeldOut() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 400;
        int shadows = 16;
        double[][] out = new double[2 * n][shadows];
        double[] mu = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            mu[i] = 4 * rnd.nextDouble() - 2;
            for (int k = 0; k < shadows; k++) {
                out[i][k] = mu[i] + gaussian(rnd);
            }
        }
        double[] remembered = new double[n];
        double[] forgotten = new double[n];
        double[] heldOut = new double[n];
        for (int i = 0; i < n; i++) {
            remembered[i] = mu[i] + 3 + gaussian(rnd);
            forgotten[i] = mu[i] + gaussian(rnd);
            heldOut[i] = mu[n + i] + gaussian(rnd);
        }
        double[][] outF = java.util.Arrays.copyOfRange(out, 0, n);
        double[][] outH = java.util.Arrays.copyOfRange(out, n, 2 * n);
        UliraSummary pre = UliraSummary.of(OfflineLira.score(remembered, outF), OfflineLira.score(heldOut, outH), 0.05);
        UliraSummary post = UliraSummary.of(OfflineLira.score(forgotten, outF), OfflineLira.score(heldOut, outH), 0.05);
        assertThat(pre.heldOutFlaggedRatio()).isBetween(0.02, 0.10);
        assertThat(pre.flaggedRatio()).isGreaterThan(0.5);
        assertThat(pre.auc()).isGreaterThan(0.9);
        assertThat(post.flaggedRatio()).isBetween(0.02, 0.10);
        assertThat(post.auc()).isBetween(0.45, 0.55);
        assertThat(post.forgottenScored()).isEqualTo(n);
        assertThat(UliraSummary.flagged(new double[] {0.01, 0.2, Double.NaN, 0.04}, 0.05)).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void aShadowGenerationIsRequestedWhenNoneExistsOrEnoughWasErasedSince() {
        assertThat(ShadowPlanner.due(List.of(), 0, 1)).contains(0);
        assertThat(ShadowPlanner.due(List.of(30, 0), 30, 1)).isEqualTo(Optional.empty());
        assertThat(ShadowPlanner.due(List.of(30, 0), 31, 1)).contains(31);
        assertThat(ShadowPlanner.due(List.of(30), 59, 30)).isEmpty();
        assertThat(ShadowPlanner.due(List.of(30), 60, 30)).contains(60);
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
