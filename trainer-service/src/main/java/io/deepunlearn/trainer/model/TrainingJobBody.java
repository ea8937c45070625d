package io.deepunlearn.trainer.model;

/**
 * {@code POST /api/v1/training-jobs}: dataset of the ML core (e.g. {@code fashion-mnist-subset}, {@code synthetic}), a
 * registered user dataset ({@code s3:NAME}) or NPY shards every service can read ({@code npy:/abs/dir}),
 * optional seeded size limits, architecture and recipe. Omitted fields take the CPU-friendly defaults.
 */
public record TrainingJobBody(String modelId, String dataset, Integer trainLimit, Integer testLimit, String architecture,
                              Integer seed, Integer epochs, Integer batchSize, Double learningRate) {
}
