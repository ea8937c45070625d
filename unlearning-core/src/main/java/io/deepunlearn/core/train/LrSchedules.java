package io.deepunlearn.core.train;

/** Learning-rate schedules of the reference code, as functions of the step index they are stepped on. */
public final class LrSchedules {

    private LrSchedules() {
    }

    /** CosineAnnealingLR(T_max, eta_min) at step t (closed form; equals PyTorch's recursion for t <= T_max). */
    public static double cosine(double base, int t, int tMax, double etaMin) {
        if (tMax <= 0) {
            return base;
        }
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }

    /** lr * rate^{#{m in milestones : e > m}} (SCRUB, CF-k/EU-k). */
    public static double multiStep(double base, int e, int[] milestones, double rate) {
        int passed = 0;
        for (int m : milestones) {
            if (e > m) {
                passed++;
            }
        }
        return base * Math.pow(rate, passed);
    }

    /** Milestones {floor(0.5E), floor(0.8E), floor(0.9E)}. */
    public static int[] scrubMilestones(int epochs) {
        return new int[] {(int) Math.floor(0.5 * epochs), (int) Math.floor(0.8 * epochs), (int) Math.floor(0.9 * epochs)};
    }

    /**
     * MSG's triangular schedule for 0-based epoch i of E: with A = floor((E+1)/2), T = E+1, lr*(i+1)/A while
     * i+1 <= A, else lr*(T-i-1)/(T-A).
     */
    public static double triangular(double base, int i, int epochs) {
        int a = (epochs + 1) / 2;
        int t = epochs + 1;
        return i + 1 <= a ? base * (i + 1) / a : base * (t - i - 1) / (double) (t - a);
    }
}
