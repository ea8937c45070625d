package io.deepunlearn.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.util.Hashing;
import io.deepunlearn.core.util.Npy;
import io.deepunlearn.core.util.NumpyRandom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's splits (docs/reference.md#splits), as positions into the train pool and the test set: D_val = 15 % of the
 * train pool, D_f = 10 % of the rest, D_r = the remainder. Each split reproduces sklearn's
 * {@code train_test_split(x, test_size=q, random_state=seed)}: a NumPy MT19937 permutation whose first
 * ceil(q*n) entries are the "test" part. The same splits serve every model seed.
 */
public record DataSplits(int[] train, int[] val, int[] retain, int[] forget, int[] test, long seed) {

    public static final long DEFAULT_SEED = 123;
    public static final double VAL_FRACTION = 0.15;
    public static final double FORGET_FRACTION = 0.10;

    public static DataSplits create(int trainPoolSize, int testSize, long seed) {
        if (trainPoolSize < 20) {
            throw new IllegalArgumentException("train pool too small to split: " + trainPoolSize);
        }
        int[] pool = range(trainPoolSize);
        int[][] valSplit = trainTestSplit(pool, VAL_FRACTION, seed);
        int[][] forgetSplit = trainTestSplit(valSplit[0], FORGET_FRACTION, seed);
        return new DataSplits(valSplit[0], valSplit[1], forgetSplit[0], forgetSplit[1], range(testSize), seed);
    }

    /** sklearn semantics: returns {train part, test part}; test count = ceil(fraction * n). */
    static int[][] trainTestSplit(int[] items, double fraction, long seed) {
        int n = items.length;
        int nTest = (int) Math.ceil(fraction * n);
        int[] perm = NumpyRandom.permutation(n, seed);
        int[] test = new int[nTest];
        int[] train = new int[n - nTest];
        for (int i = 0; i < nTest; i++) {
            test[i] = items[perm[i]];
        }
        for (int i = nTest; i < n; i++) {
            train[i - nTest] = items[perm[i]];
        }
        return new int[][] {train, test};
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    /** The split arrays by name, in the reference code's file names. */
    public Map<String, int[]> byName() {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("train", train);
        m.put("retain", retain);
        m.put("forget", forget);
        m.put("val", val);
        m.put("test", test);
        return m;
    }

    /** Stable identifier of these splits (hash of the sample ids they select). */
    public String id(ImageSource trainPool, ImageSource testSet) {
        StringBuilder sb = new StringBuilder();
        byName().forEach((name, positions) -> {
            ImageSource src = name.equals("test") ? testSet : trainPool;
            sb.append(name).append(':');
            for (int p : positions) {
                sb.append(src.sampleId(p)).append(',');
            }
        });
        return Hashing.sha256(sb.toString()).substring(0, 16);
    }

    /**
     * Saves {@code <name>.npy} files of sample ids (the reference code's layout: indices into train+test
     * concatenated) and {@code splits.json} with sizes, seed and id, so any run can be reproduced.
     */
    public void save(Path dir, ImageSource trainPool, ImageSource testSet) {
        try {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("seed", seed);
            meta.put("id", id(trainPool, testSet));
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : byName().entrySet()) {
                ImageSource src = e.getKey().equals("test") ? testSet : trainPool;
                int[] ids = Arrays.stream(e.getValue()).map(src::sampleId).toArray();
                Npy.writeInt64(dir.resolve(e.getKey() + ".npy"), ids);
                sizes.put(e.getKey(), ids.length);
            }
            meta.put("sizes", sizes);
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("splits.json").toFile(), meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save splits to " + dir, e);
        }
    }
}
