package io.deepunlearn.core.train;

/**
 * The original/retrained model recipe (docs/reference.md#training): SGD with coupled weight decay, cosine schedule stepped per
 * epoch, cross-entropy, augmented shuffled data; {@code dataSeed} fixes the data order (123 in the reference).
 */
public record TrainConfig(int epochs, int batchSize, double lr, double momentum, double weightDecay, boolean augment,
                          long dataSeed) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(lr > 0) || momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("need lr > 0, momentum >= 0, weight decay >= 0");
        }
    }

    /** The paper's recipe with a given number of epochs: lr 0.1, momentum 0.9, wd 5e-4, batch 256. */
    public static TrainConfig paper(int epochs) {
        return new TrainConfig(epochs, 256, 0.1, 0.9, 5e-4, true, 123);
    }
}
