package io.deepunlearn.pipeline.storage;

/** Where the object store is and how to sign requests; credentials come from the environment or a secret only. */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region) {

    public S3Settings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("S3 endpoint is required (DEEPUNLEARN_S3_ENDPOINT)");
        }
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("S3 credentials are required (DEEPUNLEARN_S3_ACCESS_KEY / DEEPUNLEARN_S3_SECRET_KEY)");
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + "]";
    }
}
