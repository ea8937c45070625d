package io.deepunlearn.localstack.testing;

import io.deepunlearn.localstack.LocalInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The services' {@code @QuarkusTest} infrastructure: a real Kafka broker and a real S3 server, both in-process
 * ({@link LocalInfrastructure}), shared by every test class of a JVM so Quarkus boots once.
 */
public class PipelineTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalInfrastructure infra;

    /** The running infrastructure (for tests that talk to the broker or the bucket directly). */
    public static synchronized LocalInfrastructure infrastructure() {
        if (infra == null) {
            infra = LocalInfrastructure.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close));
        }
        return infra;
    }

    @Override
    public Map<String, String> start() {
        return infrastructure().serviceConfig();
    }

    @Override
    public void stop() {
        // kept for the JVM's lifetime: later test classes with another resource set reuse it
    }
}
