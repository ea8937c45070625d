package io.deepunlearn.unlearner.model;

import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import java.time.Instant;

/**
 * {@code GET /api/v1/forget-requests/{id}}: the request as its durable record says (the one source of truth), with
 * its GDPR due date and, once it has one, the path of its erasure receipt (served by the auditor).
 */
public record RequestView(String requestId, String modelId, String status, String reason, String version,
                          Instant receivedAt, Instant updatedAt, Instant dueAt, int attempts, String retry,
                          String receipt) {

    public static RequestView of(ForgetRequestRecord r, boolean hasReceipt) {
        return new RequestView(r.requestId(), r.modelId(), r.status().name(), r.reason(), r.version(), r.receivedAt(),
                r.updatedAt(), r.dueAt(), r.attempts(), r.retry() == null ? null : r.retry().name(),
                hasReceipt ? "/api/v1/receipts/" + r.requestId() : null);
    }
}
