package io.deepunlearn.pipeline.event;

import java.time.Instant;

/** Start a training of a new model (REST {@code POST /api/v1/training-jobs} or any producer). */
public record TrainingRequested(int schemaVersion, String jobId, String modelId, TrainingSpec spec,
                                Instant requestedAt) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 1;
}
