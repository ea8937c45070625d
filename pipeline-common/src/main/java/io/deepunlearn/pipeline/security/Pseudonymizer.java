package io.deepunlearn.pipeline.security;

import io.deepunlearn.pipeline.subjects.SubjectPseudonymizer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of sample and subject ids: {@code <keyId>:<hex HMAC-SHA256(pepper, label)>}. An unkeyed hash of
 * a small id space is reversed by enumeration in milliseconds; an HMAC cannot be without the pepper. The key id
 * travels with each pseudonym so a rotated pepper leaves earlier receipts checkable ({@link #matches}) with a
 * retired key kept for verification only. Thread-safe (a fresh {@link Mac} per call).
 */
public final class Pseudonymizer implements SubjectPseudonymizer {

    /** Shorter peppers are refused: 256 bits is HMAC-SHA256's block-size-independent security level. */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALG = "HmacSHA256";

    private final String keyId;
    private final Map<String, byte[]> keys;

    /**
     * @param keyId   the id of the current pepper (written next to every pseudonym)
     * @param pepper  the current pepper, at least {@value #MIN_KEY_BYTES} random bytes
     * @param retired earlier peppers by key id, used only to check old pseudonyms
     */
    public Pseudonymizer(String keyId, byte[] pepper, Map<String, byte[]> retired) {
        this.keyId = requireKeyId(keyId);
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(keyId, requireKey(keyId, pepper));
        retired.forEach((id, k) -> all.putIfAbsent(requireKeyId(id), requireKey(id, k)));
        this.keys = Map.copyOf(all);
    }

    public String keyId() {
        return keyId;
    }

    /** The pseudonym of a data subject (events, logs, imported subject mappings): never the subject id itself. */
    @Override
    public String subjectRef(String datasetId, String subjectId) {
        return ref(keyId, "subject:" + datasetId + ":" + subjectId);
    }

    /** The pseudonym of a sample (receipts). */
    public String sampleRef(String datasetId, int sampleId) {
        return ref(keyId, "sample:" + datasetId + ":" + sampleId);
    }

    /**
     * The de-duplication key of a request's content, scoped by the requester: the same samples asked by two
     * requesters are two requests, so a duplicate answer never names another requester's request.
     */
    public String contentKey(String requester, String modelId, List<Integer> sampleIds) {
        return ref(keyId, "content:" + requester + ":" + modelId + ":" + sampleIds.stream().sorted().distinct().toList())
                .replace(':', '-');
    }

    /** Whether {@code ref} is the pseudonym of this sample under the key it names (current or retired). */
    public boolean matches(String ref, String datasetId, int sampleId) {
        int colon = ref == null ? -1 : ref.indexOf(':');
        if (colon <= 0 || !keys.containsKey(ref.substring(0, colon))) {
            return false;
        }
        String expected = ref(ref.substring(0, colon), "sample:" + datasetId + ":" + sampleId);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), ref.getBytes(StandardCharsets.US_ASCII));
    }

    private String ref(String id, String label) {
        try {
            Mac mac = Mac.getInstance(ALG);
            mac.init(new SecretKeySpec(keys.get(id), ALG));
            return id + ":" + HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALG + " unavailable", e);
        }
    }

    /**
     * From configuration: {@code deepunlearn.pseudonym.key} (base64 pepper), {@code deepunlearn.pseudonym.key-id}
     * and {@code deepunlearn.pseudonym.retired-keys} ({@code id=base64,...}). Fails when no pepper is configured:
     * an unkeyed fallback would silently re-open the enumeration attack.
     */
    public static Pseudonymizer fromConfig(java.util.function.Function<String, Optional<String>> config) {
        String key = config.apply("deepunlearn.pseudonym.key").filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException("deepunlearn.pseudonym.key (DEEPUNLEARN_PSEUDONYM_KEY) is "
                        + "not set: give a base64 pepper of at least " + MIN_KEY_BYTES + " random bytes from a Secret"));
        String id = config.apply("deepunlearn.pseudonym.key-id").filter(v -> !v.isBlank()).orElse("k1");
        Map<String, byte[]> retired = new LinkedHashMap<>();
        KeyMaterial.keyList(config.apply("deepunlearn.pseudonym.retired-keys").orElse(""))
                .forEach((rid, b64) -> retired.put(rid, KeyMaterial.base64(b64, "retired pepper " + rid)));
        return new Pseudonymizer(id, KeyMaterial.base64(key, "deepunlearn.pseudonym.key"), retired);
    }

    static String requireKeyId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new IllegalArgumentException("invalid key id '" + id + "': 1-32 of A-Z a-z 0-9 . _ -");
        }
        return id;
    }

    private static byte[] requireKey(String id, byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("pepper " + id + " is shorter than " + MIN_KEY_BYTES + " bytes");
        }
        return key.clone();
    }
}
