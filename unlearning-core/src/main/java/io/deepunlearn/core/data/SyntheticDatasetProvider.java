package io.deepunlearn.core.data;

import java.util.SplittableRandom;

/**
 * Seeded generated images for tests and quick runs: no files needed. Each class has a smooth random grey
 * prototype; a sample is its prototype plus pixel noise, and a fraction {@code labelNoise} of labels is redrawn
 * uniformly so that those samples can only be fitted by memorisation (which unlearning must then undo).
 */
public final class SyntheticDatasetProvider implements DatasetProvider {

    private final int numClasses;
    private final int trainSize;
    private final int testSize;
    private final int imageSize;
    private final double noise;
    private final double labelNoise;
    private final long seed;

    public SyntheticDatasetProvider(int numClasses, int trainSize, int testSize, int imageSize, double noise,
                                    double labelNoise, long seed) {
        if (numClasses < 2 || trainSize < numClasses || testSize < 1 || imageSize < 4) {
            throw new IllegalArgumentException("synthetic dataset needs >= 2 classes, trainSize >= classes, "
                    + "testSize >= 1 and imageSize >= 4");
        }
        this.numClasses = numClasses;
        this.trainSize = trainSize;
        this.testSize = testSize;
        this.imageSize = imageSize;
        this.noise = noise;
        this.labelNoise = labelNoise;
        this.seed = seed;
    }

    /** 10 classes, 28x28 grey images like Fashion-MNIST: 3 000 train and 1 000 test samples, 10 % random labels. */
    public static SyntheticDatasetProvider standard() {
        return new SyntheticDatasetProvider(10, 3000, 1000, 28, 60, 0.1, 7);
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public DatasetBundle load(DataLocator locator) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int plane = imageSize * imageSize;
        double[][] prototypes = new double[numClasses][plane];
        for (int c = 0; c < numClasses; c++) {
            // a few Gaussian blobs per class: smooth, distinct and learnable by a small CNN
            for (int b = 0; b < 3; b++) {
                double cx = rnd.nextDouble() * imageSize;
                double cy = rnd.nextDouble() * imageSize;
                double r = imageSize * (0.1 + 0.15 * rnd.nextDouble());
                for (int y = 0; y < imageSize; y++) {
                    for (int x = 0; x < imageSize; x++) {
                        double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                        prototypes[c][y * imageSize + x] += 200 * Math.exp(-d2 / (2 * r * r));
                    }
                }
            }
        }
        ImageSource train = generate(rnd, prototypes, trainSize, 0);
        ImageSource test = generate(rnd, prototypes, testSize, trainSize);
        return new DatasetBundle(name(), train, test,
                TransformSpec.grey(32, 0.25f, 0.30f, TransformSpec.Augmentation.FLIP));
    }

    private ImageSource generate(SplittableRandom rnd, double[][] prototypes, int n, int firstId) {
        int plane = imageSize * imageSize;
        byte[] pixels = new byte[n * plane];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % numClasses;
            for (int p = 0; p < plane; p++) {
                double v = prototypes[c][p] + noise * gaussian(rnd);
                pixels[i * plane + p] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
            }
            labels[i] = rnd.nextDouble() < labelNoise ? rnd.nextInt(numClasses) : c;
        }
        return new InMemoryImageSource(name(), numClasses, 1, imageSize, imageSize, pixels, labels,
                InMemoryImageSource.consecutiveIds(firstId, n));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = Math.max(rnd.nextDouble(), 1e-12);
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
