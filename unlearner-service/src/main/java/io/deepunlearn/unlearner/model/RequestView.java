package io.deepunlearn.unlearner.model;

import io.deepunlearn.pipeline.callback.CallbackDelivery;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /api/v1/forget-requests/{id}}: the request as its durable record says (the one source of truth), with
 * its GDPR due date and, once it has one, the path of its erasure receipt (served by the auditor).
 */
@Schema(name = "ForgetRequest", description = "A forget request as its durable record says")
public record RequestView(
        @Schema(required = true) String requestId,
        @Schema(required = true) String modelId,
        @Schema(required = true, implementation = RequestStatus.class) String status,
        @Schema(description = "Why the request is in its state (e.g. a failure's cause)") String reason,
        @Schema(description = "Current or target model version") String version,
        @Schema(required = true) Instant receivedAt,
        Instant updatedAt,
        @Schema(description = "GDPR deadline: receivedAt + the configured due-after (one month)") Instant dueAt,
        @Schema(description = "Re-drives so far") int attempts,
        @Schema(description = "For FAILED: RETRYABLE or PERMANENT", enumeration = {"RETRYABLE", "PERMANENT"})
        String retry,
        @Schema(description = "Path of the erasure receipt on the auditor, once written") String receipt,
        @Schema(description = "The callback, when the request has one") Callback callback) {

    /** The request's callback URL and, where read, its delivery state. */
    @Schema(name = "CallbackState")
    public record Callback(@Schema(required = true) String url,
                           @Schema(description = "Absent until the request closes (and in listings)",
                                   enumeration = {"PENDING", "DELIVERED", "GAVE_UP"}) String state,
                           @Schema(description = "Attempts made so far") Integer attempts,
                           @Schema(description = "When the next attempt is due (PENDING)") Instant nextAttemptAt,
                           @Schema(description = "Why the last attempt failed") String lastError) {
    }

    public static RequestView of(ForgetRequestRecord r, boolean hasReceipt) {
        return of(r, hasReceipt, null);
    }

    public static RequestView of(ForgetRequestRecord r, boolean hasReceipt, CallbackDelivery delivery) {
        Callback callback = r.callbackUrl() == null ? null : delivery == null
                ? new Callback(r.callbackUrl(), null, null, null, null)
                : new Callback(r.callbackUrl(), delivery.state().name(), delivery.attempts(), delivery.nextAttemptAt(),
                        delivery.lastError());
        return new RequestView(r.requestId(), r.modelId(), r.status().name(), r.reason(), r.version(), r.receivedAt(),
                r.updatedAt(), r.dueAt(), r.attempts(), r.retry() == null ? null : r.retry().name(),
                hasReceipt ? "/api/v1/receipts/" + r.requestId() : null, callback);
    }
}
