package io.deepunlearn.pipeline.security;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every secret of one local stack or test run, generated fresh (nothing is stored in the repository): the
 * pseudonym pepper, one Ed25519 signing key per service, and an RSA key pair standing in for the OIDC provider
 * (the services verify tokens with {@code quarkus.oidc.public-key}; {@link #token} mints them offline with
 * {@link BearerTokens}). In deployment the same keys come from Secrets and tokens from Keycloak.
 */
public final class LocalSecrets {

    /** The issuer of locally minted tokens; the services check it ({@code quarkus.oidc.token.issuer}). */
    public static final String ISSUER = "https://deepunlearn.local/oidc";
    public static final List<String> SERVICES = List.of("trainer-service", "unlearner-service", "auditor-service");
    /** The services whose signatures a checkpoint may carry. */
    private static final List<String> CHECKPOINT_WRITERS = List.of("trainer-service", "unlearner-service");

    private final byte[] pepper;
    private final Map<String, KeyPair> signing;
    private final KeyPair oidc;

    private LocalSecrets(byte[] pepper, Map<String, KeyPair> signing, KeyPair oidc) {
        this.pepper = pepper;
        this.signing = signing;
        this.oidc = oidc;
    }

    public static LocalSecrets generate() {
        Map<String, KeyPair> signing = new LinkedHashMap<>();
        SERVICES.forEach(s -> signing.put(s, KeyMaterial.generate(Signer.ALG)));
        return new LocalSecrets(KeyMaterial.randomBytes(32), signing, KeyMaterial.generate("RSA"));
    }

    /**
     * All of these secrets as one opaque string, so a test harness can hand them from the process that generated
     * them to the code that mints tokens or signs as another service ({@link #restore}). Never for deployment.
     */
    public String export() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("pepper", java.util.Base64.getEncoder().encodeToString(pepper));
        all.put("oidc.public", KeyMaterial.encode(oidc.getPublic()));
        all.put("oidc.private", KeyMaterial.encode(oidc.getPrivate()));
        signing.forEach((svc, kp) -> {
            all.put(svc + ".public", KeyMaterial.encode(kp.getPublic()));
            all.put(svc + ".private", KeyMaterial.encode(kp.getPrivate()));
        });
        return java.util.Base64.getEncoder().encodeToString(io.deepunlearn.pipeline.messaging.EventCodec.encode(all));
    }

    /** The inverse of {@link #export}. */
    @SuppressWarnings("unchecked")
    public static LocalSecrets restore(String exported) {
        Map<String, String> all = io.deepunlearn.pipeline.messaging.EventCodec.read(
                java.util.Base64.getDecoder().decode(exported), Map.class);
        Map<String, KeyPair> signing = new LinkedHashMap<>();
        SERVICES.forEach(svc -> signing.put(svc, new KeyPair(KeyMaterial.publicKey(Signer.ALG, all.get(svc + ".public")),
                KeyMaterial.privateKey(Signer.ALG, all.get(svc + ".private")))));
        return new LocalSecrets(java.util.Base64.getDecoder().decode(all.get("pepper")), signing,
                new KeyPair(KeyMaterial.publicKey("RSA", all.get("oidc.public")),
                        KeyMaterial.privateKey("RSA", all.get("oidc.private"))));
    }

    /** The configuration of one service (property names; see {@link #serviceEnvironment} for env vars). */
    public Map<String, String> serviceConfig(String service) {
        KeyPair own = signing.get(service);
        if (own == null) {
            throw new IllegalArgumentException("unknown service " + service + "; one of " + SERVICES);
        }
        Map<String, String> c = new LinkedHashMap<>();
        c.put("deepunlearn.pseudonym.key-id", "local-1");
        c.put("deepunlearn.pseudonym.key", java.util.Base64.getEncoder().encodeToString(pepper));
        c.put("deepunlearn.signing.key-id", keyId(service));
        c.put("deepunlearn.signing.private-key", KeyMaterial.encode(own.getPrivate()));
        c.put("deepunlearn.signing.checkpoint-keys", keyList(CHECKPOINT_WRITERS));
        c.put("deepunlearn.signing.receipt-keys", keyList(List.of("auditor-service")));
        c.put("quarkus.oidc.public-key", KeyMaterial.encode(oidc.getPublic()));
        c.put("quarkus.oidc.token.issuer", ISSUER);
        return c;
    }

    /** {@link #serviceConfig} as environment variables ({@code a.b-c} -> {@code A_B_C}, MicroProfile's mapping). */
    public Map<String, String> serviceEnvironment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        serviceConfig(service).forEach((k, v) -> env.put(k.toUpperCase().replaceAll("[^A-Z0-9]", "_"), v));
        return env;
    }

    /**
     * The configuration of a reader that verifies but never signs (the load harness, tests): trusted checkpoint and
     * receipt keys, no private key.
     */
    public SecuritySettings readerSettings() {
        Map<String, String> c = serviceConfig("auditor-service");
        c.remove("deepunlearn.signing.key-id");
        c.remove("deepunlearn.signing.private-key");
        return SecuritySettings.from(k -> java.util.Optional.ofNullable(c.get(k)));
    }

    /** The public key that verifies the auditor's receipts (hand it to whoever runs verify-receipt). */
    public PublicKey receiptPublicKey() {
        return signing.get("auditor-service").getPublic();
    }

    public PublicKey signingPublicKey(String service) {
        return signing.get(service).getPublic();
    }

    /** A bearer token for {@code subject} with {@code roles}, valid for {@code ttl}, as the OIDC provider would issue. */
    public String token(String subject, Duration ttl, String... roles) {
        return BearerTokens.sign(oidc.getPrivate(), ISSUER, subject, ttl, roles);
    }

    private static String keyId(String service) {
        return service.replace("-service", "") + "-local";
    }

    private String keyList(List<String> services) {
        StringBuilder sb = new StringBuilder();
        for (String s : services) {
            sb.append(sb.isEmpty() ? "" : ",").append(keyId(s)).append('=').append(KeyMaterial.encode(signing.get(s).getPublic()));
        }
        return sb.toString();
    }
}
