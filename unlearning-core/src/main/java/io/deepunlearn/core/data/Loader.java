package io.deepunlearn.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A PyTorch-style DataLoader over a {@link TensorDataset}: batch size, shuffling (seeded per epoch),
 * optional train-time augmentation, last partial batch kept. Each batch is assembled in one direct buffer
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

    /**
     * Builds a batch from explicit view positions (no augmentation unless the loader augments). The samples are
     * written straight into native-order direct memory, which the tensor then wraps (no Java array per batch, no
     * second copy); augmentation works on one sample-sized scratch array.
     */
    public Batch assemble(NDManager manager, int[] positions, SplittableRandom rnd) {
        int c = data.sourceChannels();
        int s = data.imageSize();
        int per = c * s * s;
        ByteBuffer bytes = manager.allocateDirect(positions.length * per * Float.BYTES);
        FloatBuffer out = bytes.asFloatBuffer();
        long[] labels = new long[positions.length];
        TransformSpec spec = data.transforms();
        boolean augmenting = augment && spec.augmentation() != TransformSpec.Augmentation.NONE;
        float[] sample = augmenting ? new float[per] : null;
        float[] scratch = augmenting ? new float[per] : null;
        float[] fill = augmenting ? fillValues(spec, c) : null;
        for (int k = 0; k < positions.length; k++) {
            labels[k] = data.label(positions[k]);
            if (!augmenting) {
                data.copySample(positions[k], out);
                continue;
            }
            data.copySample(positions[k], sample, 0);
            if (spec.augmentation() == TransformSpec.Augmentation.CROP_FLIP) {
                ImageTransforms.randomShift(sample, 0, c, s, 4, fill, rnd, scratch);
            }
            if (rnd.nextBoolean()) {
                ImageTransforms.flipHorizontal(sample, 0, c, s);
            }
            out.put(sample);
        }
        NDArray x = manager.create(bytes, new Shape(positions.length, c, s, s), DataType.FLOAT32);
        if (c != data.channels()) {
            NDArray grey = x;
            x = grey.repeat(1, data.channels());
            grey.close();
        }
        NDArray y = manager.create(labels);
        return new Batch(x, y, positions);
    }

    /** The normalised value of a black pixel per channel: what a random crop pads with. */
    private static float[] fillValues(TransformSpec spec, int channels) {
        float[] fill = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            fill[ch] = -spec.mean()[ch] / spec.std()[ch];
        }
        return fill;
    }

    /** Every batch of one epoch as a list (small datasets only, e.g. tests). */
    public List<Batch> toList(NDManager manager, int epoch) {
        List<Batch> out = new ArrayList<>();
        epoch(manager, epoch).forEach(out::add);
        return out;
    }
}
