package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import java.time.Instant;
import java.util.List;

/**
 * The durable record of a forget request ({@code requests/{requestId}.json} in the models bucket, which is
 * deletable, unlike evidence): the truth about the request, and the message log the pipeline re-drives from.
 * Only {@code RequestLifecycle} writes it.
 *
 * <p>{@code dueAt} is the GDPR deadline; {@code attempts} counts re-drives (they back off exponentially);
 * {@code retry} says whether a FAILED request is retried; {@code completion} is the unlearning run's outcome
 * (held from UNLEARNED on, so the audit can be re-driven); {@code receipt} is the audit's receipt draft held while
 * RETRAINING, written when the retrained version is published; {@code callbackUrl} (optional) is called when the
 * request closes ({@link io.deepunlearn.pipeline.lifecycle.CallbackDispatcher}); {@code traceparent} is the W3C trace
 * context of the request's intake, so every later step of the request joins its trace.
 */
public record ForgetRequestRecord(String requestId, String modelId, String datasetId, List<Integer> sampleIds,
                                  String method, RequestStatus status, String reason, String version,
                                  Instant receivedAt, Instant updatedAt, Instant dueAt, int attempts, Retry retry,
                                  UnlearningCompleted completion, ErasureReceipt receipt, String callbackUrl,
                                  String traceparent) {

    /** What a FAILED request's reason means for the reconciler. */
    public enum Retry {
        /** A transient cause (storage, broker): the reconciler re-drives the request. */
        RETRYABLE,
        /** The request can never succeed as it is (invalid, unknown model): it stays FAILED. */
        PERMANENT
    }

    /** A new RECEIVED record. */
    public static ForgetRequestRecord received(String requestId, String modelId, String datasetId,
                                               List<Integer> sampleIds, String method, Instant receivedAt,
                                               Instant dueAt) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, List.copyOf(sampleIds), method,
                RequestStatus.RECEIVED, null, null, receivedAt, receivedAt, dueAt, 0, null, null, null, null, null);
    }

    /** The same record with the request's callback and trace context (set once, at RECEIVED). */
    public ForgetRequestRecord withOrigin(String callback, String trace) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, sampleIds, method, status, reason, version,
                receivedAt, updatedAt, dueAt, attempts, retry, completion, receipt, callback, trace);
    }

    public ForgetRequestRecord with(RequestStatus newStatus, String newReason, String newVersion, Instant at) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, sampleIds, method, newStatus, newReason,
                newVersion == null ? version : newVersion, receivedAt, at, dueAt, attempts,
                newStatus == RequestStatus.FAILED ? retry : null, completion, receipt, callbackUrl, traceparent);
    }

    public ForgetRequestRecord withRetry(Retry policy) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, sampleIds, method, status, reason, version,
                receivedAt, updatedAt, dueAt, attempts, policy, completion, receipt, callbackUrl, traceparent);
    }

    public ForgetRequestRecord withCompletion(UnlearningCompleted c) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, sampleIds, method, status, reason, version,
                receivedAt, updatedAt, dueAt, attempts, retry, c, receipt, callbackUrl, traceparent);
    }

    public ForgetRequestRecord withReceipt(ErasureReceipt draft) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, sampleIds, method, status, reason, version,
                receivedAt, updatedAt, dueAt, attempts, retry, completion, draft, callbackUrl, traceparent);
    }

    /** Done for good: PUBLISHED, or FAILED without a retry (a retryable failure stays open for the reconciler). */
    public boolean closed() {
        return status == RequestStatus.PUBLISHED || (status == RequestStatus.FAILED && retry != Retry.RETRYABLE);
    }

    /** One more re-drive: counted, and the clock of the state restarts. */
    public ForgetRequestRecord redriven(Instant at) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, sampleIds, method, status, reason, version,
                receivedAt, at, dueAt, attempts + 1, retry, completion, receipt, callbackUrl, traceparent);
    }
}
