package io.deepunlearn.core.metric;

/** The benchmark's derived scores (docs/reference.md#indiscernibility, #retdev, #rte). */
public final class UnlearningScores {

    private UnlearningScores() {
    }

    /** Indisc(MIA) = 1 - |2 MIA - 1|: 1 at 0.5, 0 at 0 or 1. */
    public static double indiscernibility(double mia) {
        return 1 - Math.abs(2 * mia - 1);
    }

    /** RetDev = |RA_u/RA_r - 1| + |FA_u/FA_r - 1| + |TA_u/TA_r - 1| (on seed means); 0 for the retrained model. */
    public static double retentionDeviation(double ra, double fa, double ta, double raRef, double faRef, double taRef) {
        return Math.abs(ra / raRef - 1) + Math.abs(fa / faRef - 1) + Math.abs(ta / taRef - 1);
    }

    /** RTE = T_retrain / T_method: higher is faster; the retrained model scores 1. */
    public static double runTimeEfficiency(double retrainSeconds, double methodSeconds) {
        return methodSeconds <= 0 ? Double.POSITIVE_INFINITY : retrainSeconds / methodSeconds;
    }

    /** SAPE(a, b) = 100 |b - a| / (|a| + |b|). */
    public static double sape(double a, double b) {
        double denom = Math.abs(a) + Math.abs(b);
        return denom == 0 ? 0 : 100 * Math.abs(b - a) / denom;
    }
}
