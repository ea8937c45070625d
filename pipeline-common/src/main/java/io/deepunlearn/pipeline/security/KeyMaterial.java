package io.deepunlearn.pipeline.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encoding of keys in configuration: base64 of the standard DER forms (X.509 SubjectPublicKeyInfo for public keys,
 * PKCS#8 for private keys), optionally PEM-armoured, so {@code openssl genpkey -algorithm ed25519} output works.
 */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /** A fresh random secret (a pepper). */
    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    public static KeyPair generate(String algorithm) {
        try {
            return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    public static String encode(java.security.Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** PEM text of a public key (what {@code verify-receipt --public-key} reads and what is handed to auditors). */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    public static PublicKey publicKey(String algorithm, String text) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(base64(text, "public key")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an " + algorithm + " public key (base64 X.509 DER or PEM expected): "
                    + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(String algorithm, String text) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(base64(text, "private key")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an " + algorithm + " private key (base64 PKCS#8 DER or PEM expected)", e);
        }
    }

    /** A public key given as a file (PEM or base64) or inline base64. */
    public static PublicKey readPublicKey(String algorithm, String fileOrBase64) {
        try {
            Path p = Path.of(fileOrBase64);
            if (Files.isRegularFile(p)) {
                return publicKey(algorithm, Files.readString(p));
            }
        } catch (java.nio.file.InvalidPathException | java.io.IOException e) {
            // not a readable path: treat as inline base64
        }
        return publicKey(algorithm, fileOrBase64);
    }

    /** Base64 (PEM armour and whitespace ignored). */
    public static byte[] base64(String text, String what) {
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64", e);
        }
    }

    /** {@code id=value,id=value} (a list of keys by id in one config value), in order. */
    public static Map<String, String> keyList(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("key list entry '" + item.strip() + "' is not id=base64");
            }
            out.put(Pseudonymizer.requireKeyId(item.substring(0, eq).strip()), item.substring(eq + 1).strip());
        }
        return out;
    }
}
