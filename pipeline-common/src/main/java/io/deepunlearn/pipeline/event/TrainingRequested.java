package io.deepunlearn.pipeline.event;

import java.time.Instant;

/**
 * Start a training of a new model (REST {@code POST /api/v1/training-jobs} or any producer), or, with
 * {@code shadow} set, of a shadow model of the lineage {@code modelId} (requested by the auditor; optional field:
 * every payload without it is unchanged).
 */
public record TrainingRequested(int schemaVersion, String jobId, String modelId, TrainingSpec spec, ShadowSpec shadow,
                                Instant requestedAt) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 1;

    /** An ordinary training request (no shadow). */
    public TrainingRequested(int schemaVersion, String jobId, String modelId, TrainingSpec spec, Instant requestedAt) {
        this(schemaVersion, jobId, modelId, spec, null, requestedAt);
    }
}
