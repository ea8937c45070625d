package io.deepunlearn.pipeline.security;

import java.util.Optional;
import java.util.function.Function;

/**
 * The keys a service holds, from configuration (environment variables from Secrets in deployment, generated per
 * local stack and per test by {@link LocalSecrets}):
 * <ul>
 *   <li>{@code deepunlearn.signing.key-id} / {@code deepunlearn.signing.private-key}: this service's Ed25519 key
 *       (base64 PKCS#8), used for what it writes (trainer, unlearner: checkpoints; auditor: receipts);</li>
 *   <li>{@code deepunlearn.signing.checkpoint-keys}: {@code id=base64,...} public keys allowed to sign checkpoint
 *       manifests (the trainer's and the unlearner's);</li>
 *   <li>{@code deepunlearn.signing.receipt-keys}: public keys allowed to sign receipts (the auditor's).</li>
 * </ul>
 * Nothing falls back to "unsigned": a missing key fails the write or the read that needs it, with the key's name.
 */
public record SecuritySettings(Optional<Signer> signer, TrustedKeys checkpointKeys, TrustedKeys receiptKeys) {

    public static SecuritySettings from(Function<String, Optional<String>> config) {
        Optional<String> pk = config.apply("deepunlearn.signing.private-key").filter(v -> !v.isBlank());
        Optional<Signer> signer = pk.map(k -> new Signer(
                config.apply("deepunlearn.signing.key-id").filter(v -> !v.isBlank()).orElse("service"),
                KeyMaterial.privateKey(Signer.ALG, k)));
        return new SecuritySettings(signer,
                TrustedKeys.parse(config.apply("deepunlearn.signing.checkpoint-keys").orElse("")),
                TrustedKeys.parse(config.apply("deepunlearn.signing.receipt-keys").orElse("")));
    }

    /** This service's signer, or a clear error naming the missing key. */
    public Signer requireSigner(String forWhat) {
        return signer.orElseThrow(() -> new IllegalStateException("cannot sign " + forWhat
                + ": deepunlearn.signing.private-key (DEEPUNLEARN_SIGNING_PRIVATE_KEY) is not configured"));
    }
}
