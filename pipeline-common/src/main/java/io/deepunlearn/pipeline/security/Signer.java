package io.deepunlearn.pipeline.security;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;

/** Signs artefacts with this service's Ed25519 private key (JDK provider, no extra dependency). */
public final class Signer {

    public static final String ALG = "Ed25519";
    private final String keyId;
    private final PrivateKey key;

    public Signer(String keyId, PrivateKey key) {
        this.keyId = Pseudonymizer.requireKeyId(keyId);
        this.key = key;
    }

    public String keyId() {
        return keyId;
    }

    public DetachedSignature sign(byte[] bytes) {
        try {
            Signature s = Signature.getInstance(ALG);
            s.initSign(key);
            s.update(bytes);
            return new DetachedSignature(ALG, keyId, Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with key " + keyId, e);
        }
    }
}
