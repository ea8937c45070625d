package io.deepunlearn.auditor.config;

import io.deepunlearn.auditor.metrics.AuditorMetrics;
import io.deepunlearn.auditor.service.AuditService;
import io.deepunlearn.auditor.service.AuditThresholds;
import io.deepunlearn.auditor.service.ModelEvaluator;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the auditor: thresholds from config, the MIA, and one audit runner thread. */
@ApplicationScoped
public class AuditorBeans {

    @Produces
    @Singleton
    AuditorMetrics metrics(MeterRegistry registry) {
        return new AuditorMetrics(registry);
    }

    @Produces
    @Singleton
    AuditThresholds thresholds(@ConfigProperty(name = "deepunlearn.audit.mia-max", defaultValue = "0.6") double miaMax,
                               @ConfigProperty(name = "deepunlearn.audit.max-test-accuracy-drop", defaultValue = "0.1")
                               double maxDrop) {
        return new AuditThresholds(miaMax, maxDrop);
    }

    @Produces
    @Singleton
    AuditService audit(CheckpointStore checkpoints, RequestStore requests, EvidenceStore evidence,
                       EventPublisher publisher, Topics topics, AuditThresholds thresholds, AuditorMetrics metrics,
                       Pseudonymizer pseudonyms) {
        return new AuditService(checkpoints, requests, evidence, publisher, topics, new ModelEvaluator(), thresholds,
                metrics, pseudonyms);
    }

    @Produces
    @Singleton
    @Named("audit-runner")
    ExecutorService runner() {
        return Executors.newSingleThreadExecutor(r -> new Thread(r, "audit-runner"));
    }

    void stop(@Disposes @Named("audit-runner") ExecutorService runner) {
        runner.shutdownNow();
    }
}
