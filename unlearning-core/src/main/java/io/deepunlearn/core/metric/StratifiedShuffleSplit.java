package io.deepunlearn.core.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * scikit-learn's StratifiedShuffleSplit for two classes: each split draws ceil(testSize * n) test samples,
 * allocated to the classes in proportion to their counts (rounded; the remainder goes to the larger class),
 * each class shuffled independently. Not bit-identical to sklearn's RNG stream; the protocol is the same.
 */
public final class StratifiedShuffleSplit {

    /** Train and test positions of one split. */
    public record Split(int[] train, int[] test) {
    }

    private StratifiedShuffleSplit() {
    }

    public static List<Split> splits(int[] labels, int nSplits, double testSize, long seed) {
        List<Integer> zeros = new ArrayList<>();
        List<Integer> ones = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            (labels[i] == 1 ? ones : zeros).add(i);
        }
        int n = labels.length;
        int nTest = (int) Math.ceil(testSize * n);
        if (nTest < 2 || n - nTest < 2 || zeros.isEmpty() || ones.isEmpty()) {
            throw new IllegalArgumentException("too few samples for a stratified split: " + n);
        }
        int testOnes = (int) Math.round((double) nTest * ones.size() / n);
        testOnes = Math.max(1, Math.min(ones.size() - 1, testOnes));
        int testZeros = nTest - testOnes;
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Split> out = new ArrayList<>();
        for (int s = 0; s < nSplits; s++) {
            int[] z = shuffled(zeros, rnd);
            int[] o = shuffled(ones, rnd);
            int[] test = new int[nTest];
            int[] train = new int[n - nTest];
            int t = 0;
            int r = 0;
            for (int i = 0; i < z.length; i++) {
                if (i < testZeros) {
                    test[t++] = z[i];
                } else {
                    train[r++] = z[i];
                }
            }
            for (int i = 0; i < o.length; i++) {
                if (i < testOnes) {
                    test[t++] = o[i];
                } else {
                    train[r++] = o[i];
                }
            }
            out.add(new Split(train, test));
        }
        return out;
    }

    private static int[] shuffled(List<Integer> items, SplittableRandom rnd) {
        int[] a = items.stream().mapToInt(Integer::intValue).toArray();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
