package io.deepunlearn.pipeline.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What to train: a dataset of the ML core (optionally limited to a seeded subset of {@code trainLimit} /
 * {@code testLimit} samples for CPU-scale runs), an architecture and the recipe.
 */
public record TrainingSpec(String dataset, Integer trainLimit, Integer testLimit, String architecture, int seed,
                           int epochs, int batchSize, double learningRate) {

    public TrainingSpec {
        requireText(dataset, "dataset");
        requireText(architecture, "architecture");
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("epochs must be in 1..1000, got " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new IllegalArgumentException("batchSize must be in 1..4096, got " + batchSize);
        }
        if (!(learningRate > 0 && learningRate < 10)) {
            throw new IllegalArgumentException("learningRate must be in (0, 10), got " + learningRate);
        }
        if ((trainLimit != null && trainLimit < 20) || (testLimit != null && testLimit < 1)) {
            throw new IllegalArgumentException("trainLimit must be >= 20 and testLimit >= 1 when given");
        }
    }

    /**
     * The dataset manifest's id: the dataset name plus the limits, since a limited subset is a different
     * population of samples (and of data subjects). It names S3 keys ({@code tombstones/{datasetId}/...}), so a
     * parameterised name is made key-safe: {@code s3:mine} becomes {@code s3-mine}; a name with other characters
     * ({@code npy:/data/mine}) becomes {@code npy-mine-<8 hex of its SHA-256>}, unique per location.
     */
    public String datasetId() {
        return datasetKey(dataset) + (trainLimit == null ? "" : "-train" + trainLimit)
                + (testLimit == null ? "" : "-test" + testLimit);
    }

    /** {@link #datasetId()} of a dataset name without limits. */
    public static String datasetKey(String dataset) {
        if (KEY_SAFE.matcher(dataset).matches()) {
            return dataset;
        }
        int colon = dataset.indexOf(':');
        String scheme = colon > 0 ? dataset.substring(0, colon) : "dataset";
        String location = dataset.substring(colon + 1);
        if (KEY_SAFE.matcher(location).matches() && KEY_SAFE.matcher(scheme).matches()) {
            return scheme + "-" + location;
        }
        String last = location.replaceAll("/+$", "");
        last = last.substring(last.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        String hash = HexFormat.of().formatHex(sha256(dataset)).substring(0, 8);
        return scheme.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + (last.isEmpty() ? "data" : last.substring(0,
                Math.min(last.length(), 48))) + "-" + hash;
    }

    /** Whether the name is a user's dataset ({@code scheme:location}) rather than a fixed built-in name. */
    public static boolean isUserDataset(String dataset) {
        return dataset.indexOf(':') > 0;
    }

    private static final Pattern KEY_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
