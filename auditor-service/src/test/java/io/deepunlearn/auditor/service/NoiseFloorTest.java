package io.deepunlearn.auditor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepunlearn.core.metric.MembershipInference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseFloorTest {

    @Test
    void miaFloorIsTheBinomialQuantileOfTheGroupSize() {
        assertThat(NoiseFloor.mia(50, 0.05)).isCloseTo(0.12, within(1e-12));   // Bin(50, .5): P(X <= 31) >= .95
        assertThat(NoiseFloor.mia(100, 0.05)).isCloseTo(0.08, within(1e-12));  // P(X <= 58) = .956
        assertThat(NoiseFloor.mia(500, 0.05)).isCloseTo(0.036, within(1e-12));
        assertThat(NoiseFloor.mia(20, 0.05)).isGreaterThan(NoiseFloor.mia(100, 0.05));
        assertThat(NoiseFloor.mia(100, 0.01)).isGreaterThan(NoiseFloor.mia(100, 0.05));
    }

    @Test
    void aucFloorIsTheMannWhitneyNullQuantile() {
        // sd = sqrt(201 / 120000) = 0.04093; z_.95 = 1.6449
        assertThat(NoiseFloor.auc(100, 100, 0.05)).isCloseTo(0.0673, within(1e-4));
        assertThat(NoiseFloor.auc(20, 200, 0.05)).isGreaterThan(NoiseFloor.auc(100, 100, 0.05));
    }

    /**
     * The derivation's check: the real attack on two groups drawn from one distribution (no membership signal)
     * lands above 0.5 + floor in at most about alpha of the trials, and not far below it (the floor is not
     * needlessly wide). 400 trials: the binomial sd of a 5 % rate is 1.1 %.
     */
    @Test
    void theAttackWithoutSignalExceedsTheMiaFloorAboutAlphaOfTheTime() {
        for (int n : new int[] {20, 60}) {
            double floor = NoiseFloor.mia(n, 0.05);
            SplittableRandom rnd = new SplittableRandom(n);
            int trials = 400;
            int above = 0;
            for (int t = 0; t < trials; t++) {
                double[] a = new double[n];
                double[] b = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = -Math.log(rnd.nextDouble());  // exponential "losses", same law in both groups
                    b[i] = -Math.log(rnd.nextDouble());
                }
                if (MembershipInference.forgetVsHeldOut(a, b, t).accuracy() - 0.5 > floor) {
                    above++;
                }
            }
            assertThat((double) above / trials).as("false-signal rate at n=" + n).isBetween(0.0, 0.08);
        }
    }
}
