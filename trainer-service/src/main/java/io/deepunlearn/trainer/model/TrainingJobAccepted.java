package io.deepunlearn.trainer.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code 202} to {@code POST /api/v1/training-jobs}: where to follow the job, and the model it will publish. */
@Schema(name = "TrainingJobAccepted")
public record TrainingJobAccepted(@Schema(required = true) String jobId, @Schema(required = true) String modelId,
                                  @Schema(required = true) String datasetId) {
}
