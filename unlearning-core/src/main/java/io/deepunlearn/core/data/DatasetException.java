package io.deepunlearn.core.data;

/** A dataset that is missing, malformed or inconsistent; the message names the file and the problem. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
