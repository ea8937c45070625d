package io.deepunlearn.pipeline.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 for checkpoints, and the pseudonyms that let evidence name subjects and samples without personal data. */
public final class Hashes {

    private Hashes() {
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The pseudonym of a data subject carried in events: never the subject id itself. */
    public static String subjectRef(String datasetId, String subjectId) {
        return sha256("subject:" + datasetId + ":" + subjectId);
    }

    /** The pseudonym of a sample in receipts: a hash of the dataset and the sample id. */
    public static String sampleRef(String datasetId, int sampleId) {
        return sha256("sample:" + datasetId + ":" + sampleId);
    }
}
