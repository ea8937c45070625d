package io.deepunlearn.core.data;

/** The official train pool and test set of a dataset, with its transforms. */
public record DatasetBundle(String name, ImageSource train, ImageSource test, TransformSpec transforms) {

    public int numClasses() {
        return train.numClasses();
    }

    /** Keeps the first {@code n} samples of a seeded permutation of each part (for CPU-scale runs); null keeps all. */
    public DatasetBundle limit(Integer trainSize, Integer testSize, long seed) {
        return new DatasetBundle(name, limit(train, trainSize, seed), limit(test, testSize, seed + 1), transforms);
    }

    private static ImageSource limit(ImageSource source, Integer n, long seed) {
        if (n == null || n >= source.size()) {
            return source;
        }
        if (n <= 0) {
            throw new IllegalArgumentException("size limit must be positive, got " + n);
        }
        int[] perm = io.deepunlearn.core.util.NumpyRandom.permutation(source.size(), seed);
        int[] keep = java.util.Arrays.copyOf(perm, n);
        java.util.Arrays.sort(keep);
        return source.subset(keep);
    }
}
