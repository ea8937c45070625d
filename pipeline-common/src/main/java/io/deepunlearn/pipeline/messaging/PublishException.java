package io.deepunlearn.pipeline.messaging;

/** A publish did not reach the broker in time: transient, retried (never a reason to dead-letter a record). */
public class PublishException extends IllegalStateException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
