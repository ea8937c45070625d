package io.deepunlearn.core.bench;

import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A benchmark campaign: which datasets x architectures x methods x seeds, the CPU scale (train/test size,
 * original-training epochs) and hyperparameter overrides. Recorded verbatim in results.json.
 *
 * @param overrides   method short name -> hyperparameter key -> value (from --set and --config)
 * @param tunedDir    a directory holding {@code <method>/best.json} (or {@code best.json}) from {@code tune}; null for none
 * @param quick       caps every "*num_epochs" hyperparameter at 2 (seconds-scale smoke runs)
 */
public record BenchConfig(List<String> datasets, List<String> architectures, List<String> methods, List<Integer> seeds,
                          Integer trainSize, Integer testSize, int epochs, int batchSize, double learningRate,
                          Path dataDir, Path outDir, Path cacheDir, Map<String, Map<String, Object>> overrides,
                          Path tunedDir, boolean quick) {

    public BenchConfig {
        if (datasets.isEmpty() || architectures.isEmpty() || methods.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("need at least one dataset, architecture, method and seed");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        if (trainSize != null && trainSize < 50) {
            throw new IllegalArgumentException("--train-size must be >= 50, got " + trainSize);
        }
        if (testSize != null && testSize < 10) {
            throw new IllegalArgumentException("--test-size must be >= 10, got " + testSize);
        }
        for (int s : seeds) {
            if (s < 0) {
                throw new IllegalArgumentException("seeds must be >= 0, got " + s);
            }
        }
        overrides = overrides == null ? Map.of() : overrides;
    }

    /** The original/retrained models' training recipe (reference: SGD momentum 0.9, weight decay 5e-4, cosine). */
    public TrainConfig referenceTraining() {
        return new TrainConfig(epochs, batchSize, learningRate, 0.9, 5e-4, true, DataSplits.DEFAULT_SEED);
    }

    /** E_max of docs/reference.md#search-space: ceil(0.2 x the original training epochs). */
    public int maxUnlearningEpochs() {
        return (int) Math.ceil(0.2 * epochs);
    }
}
