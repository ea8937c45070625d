package io.deepunlearn.core.data;

/**
 * How images become model inputs (docs/reference.md#splits): channel expansion, resize, per-channel normalisation, and the
 * augmentation used by "train" loaders.
 */
public record TransformSpec(int channels, int size, float[] mean, float[] std, Augmentation augmentation) {

    /** Train-time augmentation; "test" loaders never augment. */
    public enum Augmentation {
        NONE,
        /** Horizontal flip with p = 0.5 (MNIST, Fashion-MNIST). */
        FLIP,
        /** RandomCrop(size, padding 4) then horizontal flip (CIFAR). */
        CROP_FLIP
    }

    public TransformSpec {
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("mean/std need one value per channel");
        }
    }

    public static TransformSpec grey(int size, float mean, float std, Augmentation augmentation) {
        return new TransformSpec(3, size, new float[] {mean, mean, mean}, new float[] {std, std, std}, augmentation);
    }
}
