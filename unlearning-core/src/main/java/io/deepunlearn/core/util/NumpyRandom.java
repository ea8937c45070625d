package io.deepunlearn.core.util;

import org.apache.commons.math3.random.MersenneTwister;

/**
 * NumPy's legacy {@code RandomState(seed).permutation(n)}, bit for bit: MT19937 seeded with init_genrand,
 * Fisher-Yates from the end with masked rejection sampling ({@code random_interval}). This lets our splits
 * equal the reference code's sklearn {@code train_test_split(..., random_state=123)} splits exactly.
 */
public final class NumpyRandom {

    private NumpyRandom() {
    }

    public static int[] permutation(int n, long seed) {
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seed must be in [0, 2^31), got " + seed);
        }
        MersenneTwister mt = new MersenneTwister((int) seed);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(mt, i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static long interval(MersenneTwister mt, long max) {
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = (mt.nextInt() & 0xffffffffL) & mask;
        } while (value > max);
        return value;
    }
}
