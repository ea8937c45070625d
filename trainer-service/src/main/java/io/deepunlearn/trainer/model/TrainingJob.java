package io.deepunlearn.trainer.model;

import java.time.Instant;

/** A training job as {@code GET /api/v1/training-jobs/{id}} shows it. */
public record TrainingJob(String jobId, String modelId, String kind, String status, String version, String sha256,
                          String error, Instant updatedAt) {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
}
