package io.deepunlearn.trainer.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/v1/training-jobs}: dataset of the ML core (e.g. {@code fashion-mnist-subset}, {@code synthetic}), a
 * registered user dataset ({@code s3:NAME}) or NPY shards every service can read ({@code npy:/abs/dir}),
 * optional seeded size limits, architecture and recipe. Omitted fields take the CPU-friendly defaults.
 */
@Schema(name = "TrainingJobBody", description = "A training of a new model on a dataset of the ML core")
public record TrainingJobBody(
        @Schema(description = "Id of the new model (1-63 of a-z, 0-9, '.', '_', '-'); generated when omitted; "
                + "409 when the model exists") String modelId,
        @Schema(required = true, description = "Dataset of the ML core", examples = "fashion-mnist-subset") String dataset,
        @Schema(description = "Seeded limit of training samples", minimum = "1") Integer trainLimit,
        @Schema(description = "Seeded limit of test samples", minimum = "1") Integer testLimit,
        @Schema(description = "Architecture (default small-cnn)") String architecture,
        @Schema(description = "Seed (default 0)") Integer seed,
        @Schema(description = "Epochs (default 1)", minimum = "1") Integer epochs,
        @Schema(description = "Batch size (default 64)", minimum = "1") Integer batchSize,
        @Schema(description = "Learning rate (default 0.05)") Double learningRate) {
}
