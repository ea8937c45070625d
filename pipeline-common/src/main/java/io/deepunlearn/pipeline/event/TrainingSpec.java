package io.deepunlearn.pipeline.event;

/**
 * What to train: a dataset of the ML core (optionally limited to a seeded subset of {@code trainLimit} /
 * {@code testLimit} samples for CPU-scale runs), an architecture and the recipe.
 */
public record TrainingSpec(String dataset, Integer trainLimit, Integer testLimit, String architecture, int seed,
                           int epochs, int batchSize, double learningRate) {

    public TrainingSpec {
        requireText(dataset, "dataset");
        requireText(architecture, "architecture");
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("epochs must be in 1..1000, got " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("batchSize must be in 1..4096, got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 10)) {
            throw new IllegalArgumentException("learningRate must be in (0, 10), got " + learningRate);
        }
        if ((trainLimit != null && trainLimit < 20) || (testLimit != null && testLimit < 1)) {
            throw new IllegalArgumentException("trainLimit must be >= 20 and testLimit >= 1 when given");
        }
    }

    /**
     * The dataset manifest's id: the dataset name plus the limits, since a limited subset is a different
     * population of samples (and of data subjects).
     */
    public String datasetId() {
        return dataset + (trainLimit == null ? "" : "-train" + trainLimit) + (testLimit == null ? "" : "-test" + testLimit);
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
