package io.deepunlearn.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A PyTorch-style DataLoader over a {@link TensorDataset}: batch size, shuffling (seeded per epoch),
 * optional train-time augmentation, last partial batch kept. Each batch is assembled into one float buffer
 * (no per-sample arrays) and created in the caller's manager, so the caller decides its lifetime.
 */
public final class Loader {

    private final TensorDataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean augment;
    private final long seed;

    public Loader(TensorDataset data, int batchSize, boolean shuffle, boolean augment, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.augment = augment;
        this.seed = seed;
    }

    /** Plain (un-augmented), unshuffled loader: evaluation. */
    public static Loader plain(TensorDataset data, int batchSize) {
        return new Loader(data, batchSize, false, false, 0);
    }

    public TensorDataset data() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of batches per epoch (last partial batch included). */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch}; order and augmentation depend only on (seed, epoch). */
    public Iterable<Batch> epoch(NDManager manager, int epoch) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + epoch);
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        SplittableRandom augRnd = rnd.split();
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Batch next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(n, next + batchSize);
                int[] positions = java.util.Arrays.copyOfRange(order, next, end);
                next = end;
                return assemble(manager, positions, augRnd);
            }
        };
    }

    /** All batches of every epoch in one stream, restarting the loader as needed (PRMQ's iteration budget). */
    public Iterator<Batch> cycle(NDManager manager) {
        return new Iterator<>() {
            private int epoch;
            private Iterator<Batch> current = epoch(manager, 0).iterator();

            @Override
            public boolean hasNext() {
                return data.size() > 0;
            }

            @Override
            public Batch next() {
                if (!current.hasNext()) {
                    current = epoch(manager, ++epoch).iterator();
                }
                return current.next();
            }
        };
    }

    /** Builds a batch from explicit view positions (no augmentation unless the loader augments). */
    public Batch assemble(NDManager manager, int[] positions, SplittableRandom rnd) {
        int c = data.sourceChannels();
        int s = data.imageSize();
        int per = c * s * s;
        float[] buf = new float[positions.length * per];
        long[] labels = new long[positions.length];
        float[] scratch = augment ? new float[per] : null;
        TransformSpec spec = data.transforms();
        float[] fill = new float[c];
        for (int ch = 0; ch < c; ch++) {
            fill[ch] = -spec.mean()[ch] / spec.std()[ch];
        }
        for (int k = 0; k < positions.length; k++) {
            data.copySample(positions[k], buf, k * per);
            labels[k] = data.label(positions[k]);
            if (augment) {
                if (spec.augmentation() == TransformSpec.Augmentation.CROP_FLIP) {
                    ImageTransforms.randomShift(buf, k * per, c, s, 4, fill, rnd, scratch);
                }
                if (spec.augmentation() != TransformSpec.Augmentation.NONE && rnd.nextBoolean()) {
                    ImageTransforms.flipHorizontal(buf, k * per, c, s);
                }
            }
        }
        NDArray x = manager.create(buf, new Shape(positions.length, c, s, s));
        if (c != data.channels()) {
            NDArray grey = x;
            x = grey.repeat(1, data.channels());
            grey.close();
        }
        NDArray y = manager.create(labels);
        return new Batch(x, y, positions);
    }

    /** Every batch of one epoch as a list (small datasets only, e.g. tests). */
    public List<Batch> toList(NDManager manager, int epoch) {
        List<Batch> out = new ArrayList<>();
        epoch(manager, epoch).forEach(out::add);
        return out;
    }
}
