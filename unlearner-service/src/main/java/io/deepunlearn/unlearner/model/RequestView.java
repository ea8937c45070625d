package io.deepunlearn.unlearner.model;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/forget-requests/{id}}: the current status and the steps so far. */
public record RequestView(String requestId, String modelId, String status, String reason, String version,
                          Instant receivedAt, Instant updatedAt, List<Step> history) {

    public record Step(String status, String reason, String version, Instant at) {
    }
}
