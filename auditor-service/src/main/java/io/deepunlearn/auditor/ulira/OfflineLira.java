package io.deepunlearn.auditor.ulira;

import io.deepunlearn.core.ulira.MembershipAttack;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Offline LiRA (Carlini et al. 2022, the "offline" variant; the per-sample test of U-LiRA, Cadet et al. 2024 and
 * docs/ulira.md): for each tested sample, its logit-scaled confidence x under the audited model against the
 * Gaussian fitted to its confidences under the shadow models that never trained on it ("out" shadows). Only the
 * out side is needed, so shadows need not be unlearned. The one-sided p-value is P(X ≥ x | out): a small p-value
 * means the model is more confident on the sample than models that never saw it, the trace of membership.
 *
 * <p>The mean is always the sample's own; the standard deviation is the sample's own when it has at least
 * {@link MembershipAttack#MIN_OBSERVATIONS_FOR_OWN_VARIANCE} out observations, else the pooled within-sample
 * variance over every tested sample (LiRA's global variance for few shadows), floored at
 * {@link MembershipAttack#MIN_STD} - the same choices as unlearning-core's U-LiRA. A sample without any out
 * observation cannot be tested and gets NaN.
 */
public final class OfflineLira {

    private static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1, 1e-9);

    private OfflineLira() {
    }

    /** Per tested sample: the standardised statistic z = (x − μ_out) / σ_out and its one-sided p-value. */
    public record Scores(double[] z, double[] pValues) {

        public int scored() {
            int n = 0;
            for (double v : z) {
                n += Double.isNaN(v) ? 0 : 1;
            }
            return n;
        }
    }

    /**
     * @param x   the statistic of each tested sample under the audited model
     * @param out {@code out[i]}: the statistic of sample i under each shadow that never trained on it (may be empty)
     */
    public static Scores score(double[] x, double[][] out) {
        if (x.length != out.length) {
            throw new IllegalArgumentException("one out-observation list per sample: " + x.length + " vs " + out.length);
        }
        double pooled = pooledVariance(out);
        double[] z = new double[x.length];
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int n = out[i].length;
            if (n == 0 || Double.isNaN(x[i])) {
                z[i] = Double.NaN;
                p[i] = Double.NaN;
                continue;
            }
            double var = n >= MembershipAttack.MIN_OBSERVATIONS_FOR_OWN_VARIANCE ? variance(out[i]) : pooled;
            z[i] = (x[i] - mean(out[i])) / Math.max(MembershipAttack.MIN_STD, Math.sqrt(var));
            p[i] = 1 - STANDARD.cumulativeProbability(z[i]);
        }
        return new Scores(z, p);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** Unbiased variance (0 for fewer than 2 values). */
    static double variance(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = 0;
        for (double d : v) {
            ss += (d - m) * (d - m);
        }
        return ss / (v.length - 1);
    }

    /** Pooled within-sample variance over the samples with at least 2 observations (0 if none). */
    static double pooledVariance(double[][] out) {
        double ss = 0;
        long dof = 0;
        for (double[] v : out) {
            if (v.length >= 2) {
                ss += variance(v) * (v.length - 1);
                dof += v.length - 1;
            }
        }
        return dof == 0 ? 0 : ss / dof;
    }
}
