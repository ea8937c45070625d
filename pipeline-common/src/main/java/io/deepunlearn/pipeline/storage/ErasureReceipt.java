package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.ModelVersionRef;
import io.deepunlearn.pipeline.event.UliraFigures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The evidence that a forget request was honoured. Holds no personal data: the request id is a random
 * pseudonym, samples appear only as keyed HMAC pseudonyms
 * ({@link io.deepunlearn.pipeline.security.Pseudonymizer#sampleRef}), models as versions and hashes.
 * {@code outcome} is {@code pass}, {@code fail} or {@code inconclusive}; {@code summary} states in plain words what
 * the audit showed, including, when inconclusive, that it could not have detected the data. {@code metrics} carry
 * the pre-erasure (control) and post-erasure figures, {@code ulira} the per-sample test (or why it is unavailable).
 * {@code resolution} is {@code released} (pass), {@code released-with-caveat} (inconclusive, policy release) or
 * {@code retrain-requested} (fail, or inconclusive with policy retrain). Schema v2 added the control, U-LiRA,
 * {@code summary} and the inconclusive outcome.
 */
public record ErasureReceipt(int schemaVersion, String requestId, String modelId, String datasetId,
                             List<String> sampleHashes, String method, ModelVersionRef previousVersion,
                             ModelVersionRef unlearnedVersion, String outcome, List<String> reasons, String summary,
                             AuditMetrics metrics, UliraFigures ulira, Map<String, Double> thresholds,
                             String resolution, Instant unlearnedAt, Instant auditedAt) {
    public static final int SCHEMA_VERSION = 2;
    public static final String RELEASED = "released";
    public static final String RELEASED_WITH_CAVEAT = "released-with-caveat";
    public static final String RETRAIN_REQUESTED = "retrain-requested";
}
