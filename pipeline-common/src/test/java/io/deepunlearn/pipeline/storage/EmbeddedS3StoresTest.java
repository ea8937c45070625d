package io.deepunlearn.pipeline.storage;

import io.deepunlearn.infra.EmbeddedS3;

/** The store contract against S3Proxy in-process (no Docker needed). */
class EmbeddedS3StoresTest extends StoresTest {

    private EmbeddedS3 s3;

    @Override
    S3Settings startServer() {
        s3 = EmbeddedS3.startTemporary();
        return new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null);
    }

    @Override
    void stopServer() {
        s3.close();
    }
}
