package io.deepunlearn.core.checkpoint;

/** A checkpoint that is corrupted, truncated, or does not match what the caller expects. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
