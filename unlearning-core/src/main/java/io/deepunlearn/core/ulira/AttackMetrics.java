package io.deepunlearn.core.ulira;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of an attack on balanced forgotten / never-seen targets: balanced accuracy at P(member) &gt; 0.5
 * (0.5 is ideal unlearning, higher is leakage), ROC AUC, TPR at 1 % and 0.1 % FPR, mean P(member) of the forgotten
 * and of the never-seen targets, and the ROC curve (at most {@link #ROC_POINTS} points) for plots.
 */
public record AttackMetrics(int targets, double balancedAccuracy, double auc, double tprAt1PercentFpr,
                            double tprAt01PercentFpr, double meanPMemberForgotten, double meanPMemberNever,
                            List<double[]> roc) {

    public static final int ROC_POINTS = 200;

    public static AttackMetrics of(List<MembershipAttack.Decision> decisions) {
        int n = decisions.size();
        double[] score = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            score[i] = decisions.get(i).pMember();
            positive[i] = decisions.get(i).forgotten();
        }
        return of(score, positive);
    }

    public static AttackMetrics of(double[] score, boolean[] positive) {
        int pos = 0;
        int tp = 0;
        int tn = 0;
        double sumPos = 0;
        double sumNeg = 0;
        for (int i = 0; i < score.length; i++) {
            if (positive[i]) {
                pos++;
                sumPos += score[i];
                tp += score[i] > 0.5 ? 1 : 0;
            } else {
                sumNeg += score[i];
                tn += score[i] > 0.5 ? 0 : 1;
            }
        }
        int neg = score.length - pos;
        if (pos == 0 || neg == 0) {
            return new AttackMetrics(score.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    pos == 0 ? Double.NaN : sumPos / pos, neg == 0 ? Double.NaN : sumNeg / neg, List.of());
        }
        List<double[]> roc = roc(score, positive, pos, neg);
        return new AttackMetrics(score.length, 0.5 * ((double) tp / pos + (double) tn / neg), auc(score, positive, pos, neg),
                tprAt(roc, 0.01), tprAt(roc, 0.001), sumPos / pos, sumNeg / neg, downsample(roc));
    }

    /** Mann-Whitney U / (pos x neg), ties counted half. */
    static double auc(double[] score, boolean[] positive, int pos, int neg) {
        Integer[] order = sortedAscending(score);
        double rankSumPos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPos += avgRank;
                }
            }
            i = j + 1;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** (FPR, TPR) at every distinct threshold, from (0, 0) to (1, 1). */
    static List<double[]> roc(double[] score, boolean[] positive, int pos, int neg) {
        Integer[] order = sortedAscending(score);
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        int tp = 0;
        int fp = 0;
        for (int i = order.length - 1; i >= 0; i--) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == 0 || score[order[i - 1]] != score[order[i]]) {
                pts.add(new double[] {(double) fp / neg, (double) tp / pos});
            }
        }
        return pts;
    }

    static double tprAt(List<double[]> roc, double maxFpr) {
        double best = 0;
        for (double[] p : roc) {
            if (p[0] <= maxFpr) {
                best = Math.max(best, p[1]);
            }
        }
        return best;
    }

    private static List<double[]> downsample(List<double[]> roc) {
        if (roc.size() <= ROC_POINTS) {
            return roc;
        }
        List<double[]> out = new ArrayList<>();
        double step = (roc.size() - 1) / (double) (ROC_POINTS - 1);
        for (int i = 0; i < ROC_POINTS; i++) {
            out.add(roc.get((int) Math.round(i * step)));
        }
        return out;
    }

    private static Integer[] sortedAscending(double[] score) {
        Integer[] order = new Integer[score.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        return order;
    }
}
