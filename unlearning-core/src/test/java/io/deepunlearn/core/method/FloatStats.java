package io.deepunlearn.core.method;

/** Summary statistics of tensor values for assertions about initialisers and noise. */
final class FloatStats {

    private FloatStats() {
    }

    static double maxAbs(float[] v) {
        double max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }

    static double mean(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    static double std(float[] v) {
        double mean = mean(v);
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        return Math.sqrt(var / v.length);
    }

    static long zeros(float[] v) {
        long n = 0;
        for (float x : v) {
            n += x == 0 ? 1 : 0;
        }
        return n;
    }
}
