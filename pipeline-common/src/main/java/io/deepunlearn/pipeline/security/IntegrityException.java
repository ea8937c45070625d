package io.deepunlearn.pipeline.security;

/**
 * An artefact (checkpoint, manifest, receipt) whose signature or hash does not verify: it was tampered with or
 * written by someone without the signing key. Never transient, never retried: the artefact is refused.
 */
public class IntegrityException extends RuntimeException {

    public IntegrityException(String message) {
        super(message);
    }
}
