package io.deepunlearn.auditor.config;

import io.deepunlearn.auditor.metrics.AuditorMetrics;
import io.deepunlearn.auditor.service.AuditRunner;
import io.deepunlearn.auditor.service.AuditService;
import io.deepunlearn.auditor.service.AuditThresholds;
import io.deepunlearn.auditor.service.ModelEvaluator;
import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the auditor: thresholds from config, the MIA, one audit runner thread and the reconciler. */
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
    AuditService audit(CheckpointStore checkpoints, RequestLifecycle lifecycle, EvidenceStore evidence,
                       EventPublisher publisher, Topics topics, AuditThresholds thresholds, AuditorMetrics metrics) {
        return new AuditService(checkpoints, lifecycle, evidence, publisher, topics, new ModelEvaluator(), thresholds,
                metrics);
    }

    @Produces
    @Singleton
    AuditRunner runner(AuditService audits) {
        return new AuditRunner(audits, Executors.newSingleThreadExecutor(r -> new Thread(r, "audit-runner")));
    }

    /** Models whose unlearning-completed partition this replica is assigned. */
    @Produces
    @Singleton
    ModelOwnership ownership(Topics topics, EventPublisher publisher) {
        return new ModelOwnership(topics.unlearningCompleted(), publisher::partitions);
    }

    @Produces
    @Singleton
    @Named("auditor-timer")
    ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "auditor-reconciler");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Disposes @Named("auditor-timer") ScheduledExecutorService timer) {
        timer.shutdownNow();
    }

    @Produces
    @Singleton
    Reconciler reconciler(RequestLifecycle lifecycle, AuditRunner runner, ModelOwnership ownership) {
        return new Reconciler("auditor", lifecycle, ownership::owns, runner, Clock.systemUTC());
    }
}
