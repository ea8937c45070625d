package io.deepunlearn.core.bench.stats;

/**
 * Mean, sample standard deviation and standard error (sd / sqrt(n)) of per-seed values. With one value sd and SE
 * are NaN (unknown), not 0: a single seed says nothing about seed noise.
 */
public record MeanSe(double mean, double sd, double se, int n) {

    /** Over the finite entries of {@code values}; n = 0 gives NaNs. */
    public static MeanSe of(double... values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new MeanSe(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanSe(mean, Double.NaN, Double.NaN, 1);
        }
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        double sd = Math.sqrt(ss / (n - 1));
        return new MeanSe(mean, sd, sd / Math.sqrt(n), n);
    }

    /** mean - k·SE (NaN SE counts as 0: the interval is the point). */
    public double lower(double k) {
        return mean - k * (Double.isNaN(se) ? 0 : se);
    }

    /** mean + k·SE (NaN SE counts as 0). */
    public double upper(double k) {
        return mean + k * (Double.isNaN(se) ? 0 : se);
    }
}
