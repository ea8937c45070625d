package io.deepunlearn.cli;

import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.train.TrainConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Data location and the CPU scale of a run (shared by train, bench, tune and ulira). */
final class ScaleOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory holding the dataset files (else $DEEPUNLEARN_DATA, /usr/share/datasets, the download cache).")
    Path dataDir;

    @Option(names = "--train-size", paramLabel = "N",
            description = "Use N samples of the official train pool (seeded subset; default: all).")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Use N test samples (seeded subset; default: all).")
    Integer testSize;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "B",
            description = "Batch size of original/retrained training (reference: 256). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1", paramLabel = "LR",
            description = "Learning rate of original/retrained training (reference: 0.1, cosine schedule). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    void validate() {
        if (trainSize != null && trainSize < 50) {
            throw new IllegalArgumentException("--train-size must be >= 50, got " + trainSize);
        }
        if (testSize != null && testSize < 10) {
            throw new IllegalArgumentException("--test-size must be >= 10, got " + testSize);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + learningRate);
        }
    }

    /** The original/retrained training recipe at this scale (the same as bench's, so cached models are shared). */
    TrainConfig referenceRecipe(int epochs) {
        return new TrainConfig(epochs, batchSize, learningRate, 0.9, 5e-4, true, DataSplits.DEFAULT_SEED);
    }

    /** Where bench, tune and ulira cache trained models unless --cache-dir says otherwise. */
    static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "deepunlearn", "models");
    }

    DatasetBundle load(String dataset) {
        Datasets.provider(dataset);
        return Datasets.load(dataset, DataLocator.standard(dataDir)).limit(trainSize, testSize, 0);
    }
}
