package io.deepunlearn.core.ulira;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The per-sample unlearning likelihood-ratio attack (U-LiRA, docs/reference.md#ulira), on a statistic of every dev sample under
 * every model (split s, forget set f) of one method, with each sample's role from {@link ShadowSplits}.
 *
 * <p>Leave-one-split-out: each split in turn provides the target models, and the Gaussians of every sample are
 * fitted on the models of all other splits - "in" on those where the sample was forgotten, "out" on those that
 * never saw it. A target model's forgotten samples and an equal number of its never-seen samples (seeded draw)
 * are scored with P(member) = p_in(x) / (p_in(x) + p_out(x)), computed as a sigmoid of the log-likelihood ratio.
 * Samples without at least one in and one out shadow observation cannot be scored and are skipped.
 *
 * <ul>
 *   <li>{@link Statistic#LOGIT_CONFIDENCE} (standard, Hayes et al. 2024): x = log(p_y / (1 - p_y)), Gaussian per
 *       sample and group. The mean is always the sample's own; the variance is the sample's own when the group has
 *       at least {@link #MIN_OBSERVATIONS_FOR_OWN_VARIANCE} observations, else the group's pooled within-sample
 *       variance over all samples (LiRA's "global variance", Carlini et al. 2022, for few shadow models); a floor
 *       {@link #MIN_STD} keeps degenerate groups finite.</li>
 *   <li>{@link Statistic#CORRECTNESS} (reference parity): x = 1[argmax = y]. The reference fits Gaussians to this
 *       0/1 value, which gives sigma = 0 and NaN/inf whenever a sample is always (or never) classified correctly.
 *       Here each group is the exact model of a 0/1 variable, a Bernoulli with the Laplace-smoothed rate
 *       (k + 1) / (n + 2), so every case stays finite.</li>
 * </ul>
 */
public final class MembershipAttack {

    public enum Statistic { LOGIT_CONFIDENCE, CORRECTNESS }

    public static final int MIN_OBSERVATIONS_FOR_OWN_VARIANCE = 8;
    public static final double MIN_STD = 1e-3;

    /** One scored target: sample {@code sample} (dev index) under the model of (split, forgetSet). */
    public record Decision(int split, int forgetSet, int sample, boolean forgotten, double pMember) {
    }

    private MembershipAttack() {
    }

    /**
     * @param stats {@code [s][f][j]} the statistic of dev sample j under the model of (s, f)
     * @param roles {@code [s][f][j]} from {@link ShadowSplits#allRoles()}
     */
    public static List<Decision> run(double[][][] stats, byte[][][] roles, Statistic statistic, long seed) {
        int splits = stats.length;
        int n = stats[0][0].length;
        Moments in = new Moments(n);
        Moments out = new Moments(n);
        for (int s = 0; s < splits; s++) {
            accumulate(in, out, stats[s], roles[s], 1);
        }
        List<Decision> decisions = new ArrayList<>();
        for (int t = 0; t < splits; t++) {
            accumulate(in, out, stats[t], roles[t], -1); // hold out the target split's models
            Fit fit = statistic == Statistic.CORRECTNESS ? new BernoulliFit(in, out) : new GaussianFit(in, out);
            for (int f = 0; f < stats[t].length; f++) {
                score(t, f, stats[t][f], roles[t][f], in, out, fit, new Random(seed * 1_000_003L + t * 1_009L + f),
                        decisions);
            }
            accumulate(in, out, stats[t], roles[t], 1);
        }
        return decisions;
    }

    private static void score(int t, int f, double[] x, byte[] role, Moments in, Moments out, Fit fit, Random rng,
                              List<Decision> decisions) {
        List<Integer> forgotten = new ArrayList<>();
        List<Integer> never = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            if (in.n[j] < 1 || out.n[j] < 1 || Double.isNaN(x[j])) {
                continue;
            }
            if (role[j] == ShadowSplits.FORGOTTEN) {
                forgotten.add(j);
            } else if (role[j] == ShadowSplits.NEVER) {
                never.add(j);
            }
        }
        Collections.shuffle(forgotten, rng);
        Collections.shuffle(never, rng);
        int k = Math.min(forgotten.size(), never.size());
        for (int i = 0; i < k; i++) {
            int a = forgotten.get(i);
            decisions.add(new Decision(t, f, a, true, sigmoid(fit.logLikelihoodRatio(a, x[a]))));
            int b = never.get(i);
            decisions.add(new Decision(t, f, b, false, sigmoid(fit.logLikelihoodRatio(b, x[b]))));
        }
    }

    private static void accumulate(Moments in, Moments out, double[][] stats, byte[][] roles, int sign) {
        for (int f = 0; f < stats.length; f++) {
            for (int j = 0; j < stats[f].length; j++) {
                double v = stats[f][j];
                if (Double.isNaN(v)) {
                    continue;
                }
                if (roles[f][j] == ShadowSplits.FORGOTTEN) {
                    in.add(j, v, sign);
                } else if (roles[f][j] == ShadowSplits.NEVER) {
                    out.add(j, v, sign);
                }
            }
        }
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Running count, sum and sum of squares per sample (added and removed as splits are held out). */
    static final class Moments {
        final int[] n;
        final double[] sum;
        final double[] sumSq;

        Moments(int size) {
            n = new int[size];
            sum = new double[size];
            sumSq = new double[size];
        }

        void add(int j, double v, int sign) {
            n[j] += sign;
            sum[j] += sign * v;
            sumSq[j] += sign * v * v;
        }

        double mean(int j) {
            return sum[j] / n[j];
        }

        /** Unbiased variance of sample j (needs n >= 2). */
        double variance(int j) {
            return Math.max(0, (sumSq[j] - sum[j] * sum[j] / n[j]) / (n[j] - 1));
        }

        /** Pooled within-sample variance over every sample with at least 2 observations (0 if none). */
        double pooledVariance() {
            double ss = 0;
            long dof = 0;
            for (int j = 0; j < n.length; j++) {
                if (n[j] >= 2) {
                    ss += Math.max(0, sumSq[j] - sum[j] * sum[j] / n[j]);
                    dof += n[j] - 1;
                }
            }
            return dof == 0 ? 0 : ss / dof;
        }
    }

    private interface Fit {
        /** log p_in(x) - log p_out(x) for sample j. */
        double logLikelihoodRatio(int j, double x);
    }

    private static final class GaussianFit implements Fit {
        private final Moments in;
        private final Moments out;
        private final double pooledIn;
        private final double pooledOut;

        GaussianFit(Moments in, Moments out) {
            this.in = in;
            this.out = out;
            this.pooledIn = in.pooledVariance();
            this.pooledOut = out.pooledVariance();
        }

        @Override
        public double logLikelihoodRatio(int j, double x) {
            return logDensity(x, in.mean(j), std(in, j, pooledIn)) - logDensity(x, out.mean(j), std(out, j, pooledOut));
        }

        private static double std(Moments m, int j, double pooled) {
            double var = m.n[j] >= MIN_OBSERVATIONS_FOR_OWN_VARIANCE ? m.variance(j) : pooled;
            return Math.max(MIN_STD, Math.sqrt(var));
        }

        private static double logDensity(double x, double mu, double sigma) {
            double z = (x - mu) / sigma;
            return -0.5 * z * z - Math.log(sigma);
        }
    }

    private static final class BernoulliFit implements Fit {
        private final Moments in;
        private final Moments out;

        BernoulliFit(Moments in, Moments out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public double logLikelihoodRatio(int j, double x) {
            return logLikelihood(in, j, x) - logLikelihood(out, j, x);
        }

        private static double logLikelihood(Moments m, int j, double x) {
            double p = (m.sum[j] + 1) / (m.n[j] + 2); // Laplace smoothing: never 0 or 1
            return x >= 0.5 ? Math.log(p) : Math.log(1 - p);
        }
    }
}
