package io.deepunlearn.pipeline.cdi;

import io.deepunlearn.pipeline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness includes the object store: every request's durable record lives there, so a replica that cannot
 * reach it must not receive traffic (it would only answer 503). Bounded by the S3 client timeout.
 */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    @Inject
    ObjectStore store;
    @Inject
    PipelineSettings settings;

    @Override
    public HealthCheckResponse call() {
        String bucket = settings.buckets().models();
        return HealthCheckResponse.named("object-store").status(store.reachable(bucket))
                .withData("bucket", bucket).build();
    }
}
