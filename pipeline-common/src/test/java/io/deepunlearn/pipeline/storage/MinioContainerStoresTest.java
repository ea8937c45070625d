package io.deepunlearn.pipeline.storage;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same store contract against the real MinIO image (versioning and object lock supported there). Skipped,
 * with Testcontainers' message "disabledWithoutDocker is true and Docker is not available", where no Docker
 * engine runs (as on the project's build machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioContainerStoresTest extends StoresTest {

    private MinIOContainer minio;

    @Override
    S3Settings startServer() {
        minio = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");
        minio.start();
        return new S3Settings(minio.getS3URL(), minio.getUserName(), minio.getPassword(), null);
    }

    @Override
    void stopServer() {
        minio.stop();
    }
}
