package io.deepunlearn.auditor.service;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How far from chance (0.5) an attack's figure can land by luck alone, given the population sizes: the half-width
 * of the one-sided band that a model without any membership signal exceeds with probability at most {@code alpha}.
 * A deviation inside the band is noise; the verdict counts a signal only beyond {@code max(margin, floor)}.
 */
public final class NoiseFloor {

    private NoiseFloor() {
    }

    /**
     * The population MIA (spec'd in docs/science.md) with {@code perGroup} samples per group: its accuracy is the
     * mean over 10 stratified 90/10 splits of 2n samples, i.e. 10 test sets of 0.2n decisions whose union holds
     * about 1.3n distinct samples; the mean's variance under "no signal" is close to that of n independent fair
     * coin flips (checked by simulation in {@code NoiseFloorTest}). The floor is therefore the binomial
     * (1 − alpha) quantile of Bin(n, 1/2), as a fraction, minus 1/2.
     */
    public static double mia(int perGroup, double alpha) {
        requireAlpha(alpha);
        if (perGroup < 1) {
            throw new IllegalArgumentException("need at least 1 sample per group, got " + perGroup);
        }
        // null RNG: no random generator is built (only quantiles are needed)
        int k = new BinomialDistribution(null, perGroup, 0.5).inverseCumulativeProbability(1 - alpha);
        return (double) k / perGroup - 0.5;
    }

    /**
     * An AUC (Mann-Whitney U / (n1 n2)) of {@code positives} against {@code negatives} under "same distribution":
     * mean 1/2, standard deviation sqrt((n1 + n2 + 1) / (12 n1 n2)) (no ties); the floor is its one-sided normal
     * (1 − alpha) quantile.
     */
    public static double auc(int positives, int negatives, double alpha) {
        requireAlpha(alpha);
        if (positives < 1 || negatives < 1) {
            throw new IllegalArgumentException("need at least 1 sample per group, got " + positives + "/" + negatives);
        }
        double sd = Math.sqrt((positives + negatives + 1) / (12.0 * positives * negatives));
        return new NormalDistribution(null, 0, 1, 1e-9).inverseCumulativeProbability(1 - alpha) * sd;
    }

    private static void requireAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
        }
    }
}
