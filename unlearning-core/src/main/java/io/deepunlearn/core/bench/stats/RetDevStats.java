package io.deepunlearn.core.bench.stats;

/**
 * Retention Deviation (docs/science.md; the fork's reading of the paper): RetDev = |RR−1| + |FR−1| + |TR−1| with
 * RR = RA_u/RA_r, FR = FA_u/FA_r, TR = TA_u/TA_r. Two ways to aggregate over seeds:
 * <ul>
 *   <li>{@link #ofMeans}: the ratios of seed means (the paper's tables). Errors of opposite sign on different
 *       seeds cancel, so a method that is noisy around the retrained model looks better than it is.</li>
 *   <li>{@link #perSeed}: one RetDev per seed, each method run against the retrained model of the same seed
 *       (same initial weights); their mean ± SE says how far a method typically lands and how sure that is.</li>
 * </ul>
 * Arrays are aligned by seed (index i = the same seed in every array); NaN marks a missing run.
 */
public final class RetDevStats {

    private RetDevStats() {
    }

    /** RetDev of one model against one reference; NaN when a reference accuracy is 0 or a value is missing. */
    public static double retDev(double ra, double fa, double ta, double raRef, double faRef, double taRef) {
        if (raRef == 0 || faRef == 0 || taRef == 0) {
            return Double.NaN;
        }
        return Math.abs(ra / raRef - 1) + Math.abs(fa / faRef - 1) + Math.abs(ta / taRef - 1);
    }

    /** Per-seed RetDev (NaN where the method or the reference is missing for that seed). */
    public static double[] perSeed(double[] ra, double[] fa, double[] ta, double[] raRef, double[] faRef,
                                   double[] taRef) {
        int n = sameLength(ra, fa, ta, raRef, faRef, taRef);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = retDev(ra[i], fa[i], ta[i], raRef[i], faRef[i], taRef[i]);
        }
        return out;
    }

    /** RetDev of the seed means (each mean over the seeds where that array is finite). */
    public static double ofMeans(double[] ra, double[] fa, double[] ta, double[] raRef, double[] faRef,
                                 double[] taRef) {
        sameLength(ra, fa, ta, raRef, faRef, taRef);
        return retDev(MeanSe.of(ra).mean(), MeanSe.of(fa).mean(), MeanSe.of(ta).mean(), MeanSe.of(raRef).mean(),
                MeanSe.of(faRef).mean(), MeanSe.of(taRef).mean());
    }

    static int sameLength(double[]... arrays) {
        int n = arrays[0].length;
        for (double[] a : arrays) {
            if (a.length != n) {
                throw new IllegalArgumentException("per-seed arrays must be aligned: lengths differ");
            }
        }
        return n;
    }
}
