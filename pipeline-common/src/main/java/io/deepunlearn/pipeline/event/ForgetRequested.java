package io.deepunlearn.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * Erase {@code sampleIds} (resolved from a data subject or given explicitly) from model {@code modelId}.
 * {@code requestId} is the idempotency key. {@code subjectRef} is a SHA-256 pseudonym of the subject id (never
 * the id itself); {@code method} overrides the configured unlearning method when set; {@code callbackUrl}, when set,
 * is called once the request is PUBLISHED or finally FAILED (optional, added to v1 compatibly: absent = none).
 */
public record ForgetRequested(int schemaVersion, String requestId, String modelId, String datasetId, String subjectRef,
                              List<Integer> sampleIds, String method, Instant requestedAt, String callbackUrl)
        implements PipelineEvent {
    public static final int SCHEMA_VERSION = 1;

    /** A request without a callback. */
    public ForgetRequested(int schemaVersion, String requestId, String modelId, String datasetId, String subjectRef,
                           List<Integer> sampleIds, String method, Instant requestedAt) {
        this(schemaVersion, requestId, modelId, datasetId, subjectRef, sampleIds, method, requestedAt, null);
    }
}
