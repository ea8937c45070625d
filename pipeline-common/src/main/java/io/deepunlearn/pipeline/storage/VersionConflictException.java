package io.deepunlearn.pipeline.storage;

/**
 * Another writer published the next version from the same parent first: this writer's version is not part of the
 * lineage (its requests stay pending and are re-driven onto the new head).
 */
public class VersionConflictException extends ObjectExistsException {

    public VersionConflictException(String modelId, long sequence, String holder, String rejected) {
        super("models", "models/" + modelId + "/sequence/" + String.format("%06d", sequence)
                + " (held by " + holder + ", not " + rejected + ")");
    }
}
