package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.ModelVersionRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The evidence that a forget request was honoured. Holds no personal data: the request id is a random
 * pseudonym, samples appear only as SHA-256 hashes ({@link Hashes#sampleRef}), models as versions and hashes.
 * {@code resolution} is {@code released} (audit passed) or {@code retrain-requested} (audit failed).
 */
public record ErasureReceipt(int schemaVersion, String requestId, String modelId, String datasetId,
                             List<String> sampleHashes, String method, ModelVersionRef previousVersion,
                             ModelVersionRef unlearnedVersion, String outcome, List<String> reasons,
                             AuditMetrics metrics, Map<String, Double> thresholds, String resolution,
                             Instant unlearnedAt, Instant auditedAt) {
    public static final int SCHEMA_VERSION = 1;
}
