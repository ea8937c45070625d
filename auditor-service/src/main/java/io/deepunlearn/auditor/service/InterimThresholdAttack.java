package io.deepunlearn.auditor.service;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Stand-in for the ML core's population MIA until it lands (see {@link MembershipAttack}). Same protocol as spec
 * §5.2 (seeded shuffle, balance both groups to n = min size, 10 random 90/10 splits, mean held-out accuracy), but
 * the classifier is the best single loss threshold fitted on the training part. On a 1-D feature a logistic
 * regression is also a threshold rule, so the two agree closely; they are not bit-identical.
 */
public final class InterimThresholdAttack implements MembershipAttack {

    private static final int SPLITS = 10;

    @Override
    public double accuracy(double[] forgetLosses, double[] heldOutLosses, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = Math.min(forgetLosses.length, heldOutLosses.length);
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 samples per group for the MIA, got " + n);
        }
        double[] a = shuffled(forgetLosses, rnd, n);
        double[] b = shuffled(heldOutLosses, rnd, n);
        int testPerClass = Math.max(1, (int) Math.ceil(0.1 * n));
        double sum = 0;
        for (int s = 0; s < SPLITS; s++) {
            double[] pa = shuffled(a, rnd, n);
            double[] pb = shuffled(b, rnd, n);
            double[] trainA = Arrays.copyOfRange(pa, testPerClass, n);
            double[] trainB = Arrays.copyOfRange(pb, testPerClass, n);
            Rule rule = fit(trainA, trainB);
            int hit = 0;
            for (int i = 0; i < testPerClass; i++) {
                hit += rule.isMember(pa[i]) ? 1 : 0;
                hit += rule.isMember(pb[i]) ? 0 : 1;
            }
            sum += hit / (2.0 * testPerClass);
        }
        return sum / SPLITS;
    }

    private record Rule(double threshold, boolean membersBelow) {
        boolean isMember(double loss) {
            return membersBelow ? loss <= threshold : loss > threshold;
        }
    }

    /** Best threshold (either direction) on the training part; candidates are midpoints of sorted values. */
    private static Rule fit(double[] members, double[] others) {
        double[] all = new double[members.length + others.length];
        System.arraycopy(members, 0, all, 0, members.length);
        System.arraycopy(others, 0, all, members.length, others.length);
        Arrays.sort(all);
        Rule best = new Rule(all[0] - 1, true);
        double bestAcc = -1;
        for (int i = 0; i <= all.length; i++) {
            double t = i == 0 ? all[0] - 1 : i == all.length ? all[all.length - 1] + 1 : (all[i - 1] + all[i]) / 2;
            for (boolean below : new boolean[] {true, false}) {
                Rule r = new Rule(t, below);
                int hit = 0;
                for (double m : members) {
                    hit += r.isMember(m) ? 1 : 0;
                }
                for (double o : others) {
                    hit += r.isMember(o) ? 0 : 1;
                }
                double acc = (double) hit / all.length;
                if (acc > bestAcc) {
                    bestAcc = acc;
                    best = r;
                }
            }
        }
        return best;
    }

    private static double[] shuffled(double[] values, SplittableRandom rnd, int keep) {
        double[] c = values.clone();
        for (int i = c.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = c[i];
            c[i] = c[j];
            c[j] = t;
        }
        return Arrays.copyOf(c, keep);
    }
}
