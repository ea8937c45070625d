package io.deepunlearn.auditor.ulira;

import io.deepunlearn.core.ulira.AttackMetrics;

/**
 * The per-sample test's figures on one model: the fraction of forgotten (and of held-out) samples whose p-value
 * is below {@code fpr}, and the AUC of forgotten (positive) against held-out samples on the standardised
 * statistic (Mann-Whitney, unlearning-core's {@link AttackMetrics}); unscored samples (no out shadow) are left out.
 */
public record UliraSummary(int forgottenScored, int heldOutScored, double flaggedRatio, double heldOutFlaggedRatio,
                           double auc) {

    public static UliraSummary of(OfflineLira.Scores forgotten, OfflineLira.Scores heldOut, double fpr) {
        int nf = forgotten.scored();
        int nh = heldOut.scored();
        double[] score = new double[nf + nh];
        boolean[] positive = new boolean[nf + nh];
        int k = 0;
        for (double z : forgotten.z()) {
            if (!Double.isNaN(z)) {
                positive[k] = true;
                score[k++] = z;
            }
        }
        for (double z : heldOut.z()) {
            if (!Double.isNaN(z)) {
                score[k++] = z;
            }
        }
        double auc = nf == 0 || nh == 0 ? Double.NaN : AttackMetrics.of(score, positive).auc();
        return new UliraSummary(nf, nh, flagged(forgotten.pValues(), fpr), flagged(heldOut.pValues(), fpr), auc);
    }

    static double flagged(double[] pValues, double fpr) {
        int n = 0;
        int hit = 0;
        for (double p : pValues) {
            if (!Double.isNaN(p)) {
                n++;
                hit += p < fpr ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) hit / n;
    }
}
