package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.TensorDataset;
import java.util.SplittableRandom;

/**
 * SRL's training set (reference {@code salun.RandomRelabel}): D_f at positions [0, |D_f|) followed by D_r. A
 * forget sample's label is redrawn uniformly from {0..C-1} at every access from a generator seeded 123 per epoch
 * (the reference rebuilds the dataset, and so its NumPy generator, every epoch); with the per-epoch shuffle a
 * sample therefore gets a new random label each epoch. Retain samples keep their true labels. The draws are
 * Java's, not NumPy's (the batch order differs from PyTorch's anyway).
 */
final class RandomRelabel {

    static final long SEED = 123;

    private final TensorDataset combined;
    private final int forgetSize;
    private final int numClasses;

    RandomRelabel(TensorDataset forget, TensorDataset retain, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("relabelling needs at least 2 classes, got " + numClasses);
        }
        this.combined = forget.concat(retain);
        this.forgetSize = forget.size();
        this.numClasses = numClasses;
    }

    /** D_f followed by D_r, with their true labels (the loader's view). */
    TensorDataset combined() {
        return combined;
    }

    boolean isForget(int position) {
        return position < forgetSize;
    }

    /** A new epoch: a fresh generator seeded 123. */
    Labels epoch() {
        return new Labels(new SplittableRandom(SEED));
    }

    /** The labels of one epoch, drawn in access order. */
    final class Labels {
        private final SplittableRandom rnd;

        private Labels(SplittableRandom rnd) {
            this.rnd = rnd;
        }

        /** Training labels for the given combined-view positions, in order. */
        long[] of(int[] positions) {
            long[] out = new long[positions.length];
            for (int k = 0; k < positions.length; k++) {
                int p = positions[k];
                out[k] = isForget(p) ? rnd.nextInt(numClasses) : combined.label(p);
            }
            return out;
        }

        /** The batch's training labels as an int64 array in the batch's manager. */
        NDArray of(Batch b) {
            return b.x().getManager().create(of(b.positions()));
        }
    }
}
