package io.deepunlearn.pipeline.callback;

import java.time.Instant;

/**
 * The durable state of one request's callback ({@code callbacks/pending|done/{requestId}.json} in the models
 * bucket): where to, how many attempts so far, when the next is due, the last error, and once done, whether it
 * was {@code DELIVERED} or the dispatcher {@code GAVE_UP}.
 */
public record CallbackDelivery(int schemaVersion, String requestId, String modelId, String url, State state,
                               int attempts, Instant nextAttemptAt, String lastError, Instant createdAt,
                               Instant finishedAt) {

    public static final int SCHEMA_VERSION = 1;

    public enum State { PENDING, DELIVERED, GAVE_UP }

    public static CallbackDelivery pending(String requestId, String modelId, String url, Instant at) {
        return new CallbackDelivery(SCHEMA_VERSION, requestId, modelId, url, State.PENDING, 0, at, null, at, null);
    }

    public CallbackDelivery failed(String error, Instant next) {
        return new CallbackDelivery(schemaVersion, requestId, modelId, url, State.PENDING, attempts + 1, next, error,
                createdAt, null);
    }

    public CallbackDelivery finished(State end, String error, Instant at) {
        return new CallbackDelivery(schemaVersion, requestId, modelId, url, end, attempts + 1, null,
                error == null ? lastError : error, createdAt, at);
    }
}
