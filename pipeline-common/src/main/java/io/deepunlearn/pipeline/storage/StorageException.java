package io.deepunlearn.pipeline.storage;

/** An object-store operation failed, or an object is not what it claims to be (hash mismatch). */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
