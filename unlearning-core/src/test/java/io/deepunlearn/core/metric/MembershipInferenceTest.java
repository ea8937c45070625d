package io.deepunlearn.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MembershipInferenceTest {

    /** Reference optimum from an independent Newton's-method solve of sklearn's objective (C = 1, free intercept). */
    @Test
    void logisticRegressionReachesSklearnsOptimum() {
        double[] x = {0.1, 0.4, 0.35, 0.8, 1.2, 0.05, 2.0, 1.5, 0.9, 0.3};
        int[] y = {1, 1, 1, 0, 0, 1, 0, 0, 1, 0};
        double[][] rows = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            rows[i] = new double[] {x[i]};
        }
        LogisticRegression lr = LogisticRegression.fit(rows, y, 1.0);
        assertThat(lr.weights()[0]).isCloseTo(-1.07044628, offset(1e-5));
        assertThat(lr.intercept()).isCloseTo(0.79925565, offset(1e-5));
    }

    @Test
    void separableLossesAreDetected() {
        SplittableRandom r = new SplittableRandom(1);
        double[] forget = new double[400];
        double[] heldOut = new double[500];
        for (int i = 0; i < forget.length; i++) {
            forget[i] = 0.01 + 0.05 * r.nextDouble();
        }
        for (int i = 0; i < heldOut.length; i++) {
            heldOut[i] = 1.0 + 2 * r.nextDouble();
        }
        MembershipInference.MiaResult res = MembershipInference.forgetVsHeldOut(forget, heldOut, 123);
        assertThat(res.accuracy()).isGreaterThan(0.98);
        assertThat(res.samplesPerGroup()).isEqualTo(400);
        assertThat(res.splitAccuracies()).hasSize(10);
        assertThat(UnlearningScores.indiscernibility(res.accuracy())).isLessThan(0.05);
    }

    @Test
    void identicallyDistributedLossesStayNearChance() {
        SplittableRandom r = new SplittableRandom(2);
        double[] forget = new double[1000];
        double[] heldOut = new double[1000];
        for (int i = 0; i < 1000; i++) {
            forget[i] = -Math.log(r.nextDouble());
            heldOut[i] = -Math.log(r.nextDouble());
        }
        double acc = MembershipInference.forgetVsHeldOut(forget, heldOut, 123).accuracy();
        assertThat(acc).isBetween(0.42, 0.58);
        assertThat(UnlearningScores.indiscernibility(acc)).isGreaterThan(0.84);
    }

    @Test
    void scoresFollowTheSpecFormulas() {
        assertThat(UnlearningScores.indiscernibility(0.5)).isEqualTo(1.0);
        assertThat(UnlearningScores.indiscernibility(1.0)).isEqualTo(0.0);
        assertThat(UnlearningScores.indiscernibility(0.25)).isEqualTo(0.5);
        assertThat(UnlearningScores.retentionDeviation(0.9, 0.8, 0.7, 0.9, 0.8, 0.7)).isEqualTo(0.0);
        assertThat(UnlearningScores.retentionDeviation(1.0, 0.5, 0.5, 0.5, 1.0, 0.5)).isCloseTo(1.5, offset(1e-12));
        assertThat(UnlearningScores.runTimeEfficiency(100, 4)).isEqualTo(25.0);
        assertThat(UnlearningScores.sape(1, 3)).isEqualTo(50.0);
    }

    @Test
    void rejectsTooFewSamples() {
        assertThatThrownBy(() -> MembershipInference.forgetVsHeldOut(new double[3], new double[50], 1))
                .hasMessageContaining("at least 10");
    }
}
