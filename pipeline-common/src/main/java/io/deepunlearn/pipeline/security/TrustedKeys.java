package io.deepunlearn.pipeline.security;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The public keys whose signatures are accepted for one kind of artefact, by key id (several during a rotation).
 * {@link #verify} throws {@link IntegrityException} naming the artefact and the cause.
 */
public final class TrustedKeys {

    private final Map<String, PublicKey> keys;

    public TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** {@code id=base64,...} (base64 X.509 DER Ed25519 public keys). */
    public static TrustedKeys parse(String spec) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        KeyMaterial.keyList(spec).forEach((id, b64) -> keys.put(id, KeyMaterial.publicKey(Signer.ALG, b64)));
        return new TrustedKeys(keys);
    }

    public static TrustedKeys of(String keyId, PublicKey key) {
        return new TrustedKeys(Map.of(keyId, key));
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public void verify(byte[] bytes, DetachedSignature sig, String what) {
        if (sig == null || sig.value() == null) {
            throw new IntegrityException(what + " is not signed: refusing it");
        }
        if (!Signer.ALG.equals(sig.alg())) {
            throw new IntegrityException(what + " is signed with " + sig.alg() + ", only " + Signer.ALG + " is accepted");
        }
        PublicKey key = keys.get(sig.keyId());
        if (key == null) {
            throw new IntegrityException(what + " is signed by unknown key '" + sig.keyId() + "' (trusted: "
                    + keys.keySet() + "): refusing it");
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance(Signer.ALG);
            s.initVerify(key);
            s.update(bytes);
            ok = s.verify(Base64.getDecoder().decode(sig.value()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            throw new IntegrityException(what + " does not match its signature by key '" + sig.keyId()
                    + "': it was modified after signing; refusing it");
        }
    }
}
