package io.deepunlearn.core.bench.stats;

/**
 * How much more a method lowered forget accuracy than test accuracy, per seed, against the original model of the
 * same seed: (FA_u − FA_o) − (TA_u − TA_o). A method that forgets D_f selectively scores like the retrained model
 * (negative: D_f falls back to unseen-data accuracy); one that only damages or only retrains the network moves FA
 * and TA together and scores ≈ 0, however its RetDev looks.
 */
public final class ForgetSpecificChange {

    private ForgetSpecificChange() {
    }

    /** Per seed; NaN where any input is missing. */
    public static double[] perSeed(double[] fa, double[] ta, double[] faOriginal, double[] taOriginal) {
        int n = RetDevStats.sameLength(fa, ta, faOriginal, taOriginal);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (fa[i] - faOriginal[i]) - (ta[i] - taOriginal[i]);
        }
        return out;
    }
}
