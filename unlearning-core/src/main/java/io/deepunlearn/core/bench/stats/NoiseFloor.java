package io.deepunlearn.core.bench.stats;

/**
 * What a perfect method scores: a second retrained model, from another seed, scored against the first as if it
 * were a method's output. Built from the benchmark's own retrained models without training more: seed i's
 * reference is scored against the retrained model of the next seed (cyclically), so n seeds give n pairs.
 * Neighbouring pairs share a model, so the pairs are not independent and the SE is somewhat optimistic.
 * RetDev of means is not defined for this row (both sides average the same n models: 0 by construction).
 *
 * <p>Its per-seed RetDev is the resolution of the benchmark: a method whose per-seed RetDev interval overlaps the
 * floor's cannot be told from a retrained model. Its MIA and Indisc are the retrained models' own: the population
 * MIA a model that never saw D_f gets by chance at this |D_f|.
 */
public final class NoiseFloor {

    /** The method name of the noise-floor row in leaderboards and results.json. */
    public static final String NAME = "Retrain-noise-floor";

    private NoiseFloor() {
    }

    /** Per-seed RetDev of retrained model i+1 (mod n) against retrained model i; needs ≥ 2 seeds, else NaNs. */
    public static double[] perSeedRetDev(double[] ra, double[] fa, double[] ta) {
        int n = RetDevStats.sameLength(ra, fa, ta);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            out[i] = n < 2 ? Double.NaN : RetDevStats.retDev(ra[j], fa[j], ta[j], ra[i], fa[i], ta[i]);
        }
        return out;
    }

    /**
     * Whether a method's mean Indisc is below the floor's beyond noise: mean_m < mean_floor − k·sqrt(SE_m² +
     * SE_floor²). Only then does Indisc carry information about the method (the MIA detects it); above that,
     * Indisc differences are seed noise and must not order methods.
     */
    public static boolean indiscBelowFloor(MeanSe method, MeanSe floor, double k) {
        double se = Math.sqrt(sq(method.se()) + sq(floor.se()));
        return method.mean() < floor.mean() - k * se;
    }

    private static double sq(double v) {
        return Double.isNaN(v) ? 0 : v * v;
    }
}
