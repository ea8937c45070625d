package io.deepunlearn.pipeline.storage;

import java.time.Duration;

/**
 * Where the object store is and how to sign requests; credentials come from the environment or a secret only.
 * {@code timeout} bounds each connect, read and write of the client (the MinIO SDK's default is 5 minutes, so a
 * frozen store would hold intake and receipt calls that long).
 */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public S3Settings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("S3 endpoint is required (DEEPUNLEARN_S3_ENDPOINT)");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 credentials are required (DEEPUNLEARN_S3_ACCESS_KEY / DEEPUNLEARN_S3_SECRET_KEY)");
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("S3 timeout must be positive, got " + timeout);
        }
    }

    public S3Settings(String endpoint, String accessKey, String secretKey, String region) {
        this(endpoint, accessKey, secretKey, region, DEFAULT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", timeout=" + timeout + "]";
    }
}
