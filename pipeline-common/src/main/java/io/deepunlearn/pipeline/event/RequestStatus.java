package io.deepunlearn.pipeline.event;

/**
 * The lifecycle of a forget request, in order: {@code RECEIVED → UNLEARNING → UNLEARNED → AUDITING → PUBLISHED},
 * or {@code UNLEARNED|AUDITING → RETRAINING → PUBLISHED}, or {@link #FAILED} with a reason. A request only moves
 * forward ({@link #canMoveTo}); the durable record's retry policy says whether a FAILED request is re-driven.
 */
public enum RequestStatus {
    RECEIVED, UNLEARNING, UNLEARNED, AUDITING, RETRAINING, PUBLISHED, FAILED;

    public boolean terminal() {
        return this == PUBLISHED || this == FAILED;
    }

    /** True once the model work for the request is done (a redelivery must not start it again). */
    public boolean unlearned() {
        return this != RECEIVED && this != UNLEARNING && this != FAILED;
    }

    /**
     * Forward-only: a later step, or FAILED from any open step. Repeated and backward moves are refused (the
     * caller treats them as a redelivery, a no-op); nothing leaves a terminal state through this rule.
     */
    public boolean canMoveTo(RequestStatus next) {
        if (terminal() || next == null) {
            return false;
        }
        return next == FAILED || next.ordinal() > ordinal();
    }
}
