package io.deepunlearn.pipeline.storage;

/** A write-once key already holds an object: immutable objects are never overwritten. */
public class ObjectExistsException extends StorageException {

    public ObjectExistsException(String bucket, String key) {
        super("s3://" + bucket + "/" + key + " already exists and is immutable");
    }
}
