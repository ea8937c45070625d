package io.deepunlearn.trainer.model;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A training job as {@code GET /api/v1/training-jobs/{id}} shows it. */
@Schema(name = "TrainingJob")
public record TrainingJob(@Schema(required = true) String jobId, @Schema(required = true) String modelId,
                          @Schema(required = true, enumeration = {"original", "retrain", "shadow"}) String kind,
                          @Schema(required = true, enumeration = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED"}) String status,
                          @Schema(description = "The published version, once SUCCEEDED") String version,
                          @Schema(description = "SHA-256 of the published checkpoint") String sha256,
                          @Schema(description = "Why the job FAILED") String error, Instant updatedAt) {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
}
