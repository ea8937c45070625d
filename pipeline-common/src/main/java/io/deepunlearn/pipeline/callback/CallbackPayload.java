package io.deepunlearn.pipeline.callback;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import java.time.Instant;

/**
 * The body POSTed to a request's callback URL when it closes: {@code status} is PUBLISHED (with the version and
 * the receipt's path on the auditor) or FAILED (with the reason). The same delivery may arrive more than once
 * (at-least-once); {@code DeepUnlearn-Delivery} (the request id) identifies it.
 */
public record CallbackPayload(int schemaVersion, String type, String requestId, String modelId, RequestStatus status,
                              String reason, String version, String receipt, Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "io.deepunlearn.forget-request.closed.v1";

    public static CallbackPayload of(ForgetRequestRecord r) {
        return new CallbackPayload(SCHEMA_VERSION, TYPE, r.requestId(), r.modelId(), r.status(), r.reason(),
                r.version(), r.status() == RequestStatus.PUBLISHED ? "/api/v1/receipts/" + r.requestId() : null,
                r.updatedAt());
    }
}
