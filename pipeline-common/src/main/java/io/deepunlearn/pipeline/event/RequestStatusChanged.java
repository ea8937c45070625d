package io.deepunlearn.pipeline.event;

import java.time.Instant;

/**
 * A forget request moved to {@code status}; on the compacted status topic keyed by request id, so the latest
 * record per request is its current state. {@code version} is the model version concerned, when known. A
 * notification only: the durable request record is the truth. Schema v2: {@code AUDITED} became {@code AUDITING}.
 */
public record RequestStatusChanged(int schemaVersion, String requestId, String modelId, RequestStatus status,
                                   String reason, String version, Instant at) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 2;
}
