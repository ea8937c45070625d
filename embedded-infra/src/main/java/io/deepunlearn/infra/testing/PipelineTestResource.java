package io.deepunlearn.infra.testing;

import io.deepunlearn.infra.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The services' {@code @QuarkusTest} infrastructure: a real Kafka broker and a real S3 server, both in-process
 * ({@link EmbeddedInfrastructure}), shared by every test class of a JVM so Quarkus boots once. Topics are created
 * on first use (the broker auto-creates them), so this module needs no knowledge of the pipeline's topic names.
 */
public class PipelineTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedInfrastructure infra;

    /** The running infrastructure (for tests that talk to the broker or the bucket directly). */
    public static synchronized EmbeddedInfrastructure infrastructure() {
        if (infra == null) {
            infra = EmbeddedInfrastructure.startTemporary();
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
