package io.deepunlearn.pipeline.event;

/** The lifecycle of a forget request, in order; {@link #FAILED} ends it with a reason. */
public enum RequestStatus {
    RECEIVED, UNLEARNING, UNLEARNED, AUDITED, RETRAINING, PUBLISHED, FAILED;

    public boolean terminal() {
        return this == PUBLISHED || this == FAILED;
    }

    /** True once the model work for the request is done (a redelivery must not start it again). */
    public boolean unlearned() {
        return this != RECEIVED && this != UNLEARNING && this != FAILED;
    }
}
