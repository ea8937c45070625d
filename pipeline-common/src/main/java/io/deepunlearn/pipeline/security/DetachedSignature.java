package io.deepunlearn.pipeline.security;

/** An Ed25519 signature over some bytes, naming the key that made it (base64 value). */
public record DetachedSignature(String alg, String keyId, String value) {
}
