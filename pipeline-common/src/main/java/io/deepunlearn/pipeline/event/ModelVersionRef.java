package io.deepunlearn.pipeline.event;

/**
 * One immutable model version in the object store: its key, the SHA-256 of the checkpoint bytes (verified on
 * every load) and the S3 version id where the bucket is versioned (null otherwise).
 */
public record ModelVersionRef(String modelId, String version, String checkpointKey, String sha256, String s3VersionId) {
}
