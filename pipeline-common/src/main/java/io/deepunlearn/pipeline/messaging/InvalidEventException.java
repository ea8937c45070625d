package io.deepunlearn.pipeline.messaging;

/** A record that cannot be processed as it is (malformed, wrong version, failed validation): a dead letter. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }
}
