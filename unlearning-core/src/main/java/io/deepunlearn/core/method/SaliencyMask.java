package io.deepunlearn.core.method;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SalUn's hard mask: rank every element of every tensor globally by its score and mark the top
 * floor(fraction * N) with 1, the rest with 0. Exactly that many elements are marked; among equal scores at the
 * cut the earlier elements (tensor order, then index) win.
 */
final class SaliencyMask {

    private SaliencyMask() {
    }

    static Map<String, float[]> topFraction(Map<String, float[]> scores, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("mask fraction must be in [0, 1], got " + fraction);
        }
        int total = scores.values().stream().mapToInt(a -> a.length).sum();
        long k = (long) Math.floor(fraction * total);
        float[] all = new float[total];
        int off = 0;
        for (float[] a : scores.values()) {
            System.arraycopy(a, 0, all, off, a.length);
            off += a.length;
        }
        float cut = Float.POSITIVE_INFINITY;
        long tiesToTake = 0;
        if (k > 0) {
            float[] sorted = all.clone();
            Arrays.sort(sorted);
            cut = sorted[(int) (total - k)];
            long above = 0;
            for (float v : all) {
                if (v > cut) {
                    above++;
                }
            }
            tiesToTake = k - above;
        }
        Map<String, float[]> mask = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : scores.entrySet()) {
            float[] s = e.getValue();
            float[] m = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                if (s[i] > cut) {
                    m[i] = 1;
                } else if (s[i] == cut && tiesToTake > 0) {
                    m[i] = 1;
                    tiesToTake--;
                }
            }
            mask.put(e.getKey(), m);
        }
        return mask;
    }
}
