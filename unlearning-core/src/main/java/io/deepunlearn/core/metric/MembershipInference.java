package io.deepunlearn.core.metric;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The population membership-inference attack of docs/reference.md#mia: the feature is each sample's cross-entropy loss; the
 * two groups (forget vs a held-out set: D_val for the HP objective, D_test for the reported T-MIA) are shuffled
 * and truncated to the same size n; a logistic regression (C = 1) is scored by 10 stratified 90/10 shuffle
 * splits; the MIA is the mean held-out accuracy. 0.5 means the forget set is indistinguishable from unseen data.
 */
public final class MembershipInference {

    public static final int SPLITS = 10;
    public static final double TEST_SIZE = 0.1;
    /** Smallest group the attack accepts: below it a 10 % test split holds no sample of a group. */
    public static final int MIN_SAMPLES_PER_GROUP = 10;

    private MembershipInference() {
    }

    /** The attack's mean accuracy, the per-split accuracies and the group size used. */
    public record MiaResult(double accuracy, double[] splitAccuracies, int samplesPerGroup) {
    }

    public static MiaResult forgetVsHeldOut(double[] forgetLosses, double[] heldOutLosses, long seed) {
        int n = Math.min(forgetLosses.length, heldOutLosses.length);
        if (n < MIN_SAMPLES_PER_GROUP) {
            throw new IllegalArgumentException("MIA needs at least " + MIN_SAMPLES_PER_GROUP + " samples per group, got " + n);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = shuffledPrefix(forgetLosses, n, rnd);
        double[] b = shuffledPrefix(heldOutLosses, n, rnd);
        double[][] x = new double[2 * n][];
        int[] y = new int[2 * n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {a[i]};
            y[i] = 1;
            x[n + i] = new double[] {b[i]};
            y[n + i] = 0;
        }
        List<StratifiedShuffleSplit.Split> splits = StratifiedShuffleSplit.splits(y, SPLITS, TEST_SIZE, seed);
        double[] acc = new double[splits.size()];
        double sum = 0;
        for (int s = 0; s < splits.size(); s++) {
            StratifiedShuffleSplit.Split split = splits.get(s);
            double[][] xt = new double[split.train().length][];
            int[] yt = new int[split.train().length];
            for (int i = 0; i < xt.length; i++) {
                xt[i] = x[split.train()[i]];
                yt[i] = y[split.train()[i]];
            }
            LogisticRegression lr = LogisticRegression.fit(xt, yt, 1.0);
            int hit = 0;
            for (int i : split.test()) {
                if (lr.predict(x[i]) == y[i]) {
                    hit++;
                }
            }
            acc[s] = (double) hit / split.test().length;
            sum += acc[s];
        }
        return new MiaResult(sum / acc.length, acc, n);
    }

    private static double[] shuffledPrefix(double[] values, int n, SplittableRandom rnd) {
        double[] c = values.clone();
        for (int i = c.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = c[i];
            c[i] = c[j];
            c[j] = t;
        }
        return java.util.Arrays.copyOf(c, n);
    }
}
