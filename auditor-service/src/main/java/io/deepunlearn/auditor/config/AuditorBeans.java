package io.deepunlearn.auditor.config;

import io.deepunlearn.auditor.metrics.AuditorMetrics;
import io.deepunlearn.auditor.service.AuditService;
import io.deepunlearn.auditor.service.AuditThresholds;
import io.deepunlearn.auditor.service.InconclusivePolicy;
import io.deepunlearn.auditor.service.ModelEvaluator;
import io.deepunlearn.auditor.ulira.ShadowAudit;
import io.deepunlearn.auditor.ulira.ShadowPlanner;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the auditor: thresholds and the inconclusive policy from config, the attacks, one audit runner thread. */
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
                               double maxDrop,
                               @ConfigProperty(name = "deepunlearn.audit.mia-margin", defaultValue = "0.05")
                               double miaMargin,
                               @ConfigProperty(name = "deepunlearn.audit.ulira-auc-margin", defaultValue = "0.05")
                               double aucMargin,
                               @ConfigProperty(name = "deepunlearn.audit.alpha", defaultValue = "0.05") double alpha,
                               @ConfigProperty(name = "deepunlearn.audit.ulira-fpr", defaultValue = "0.05") double fpr) {
        return new AuditThresholds(miaMax, maxDrop, miaMargin, aucMargin, alpha, fpr);
    }

    @Produces
    @Singleton
    InconclusivePolicy inconclusivePolicy(@ConfigProperty(name = "deepunlearn.audit.inconclusive-policy",
            defaultValue = "release") String policy) {
        return InconclusivePolicy.parse(policy);
    }

    @Produces
    @Singleton
    ShadowPlanner shadowPlanner(ShadowStore shadows, ManifestStore manifests, EventPublisher publisher, Topics topics,
                                @ConfigProperty(name = "deepunlearn.audit.ulira.shadows", defaultValue = "4") int count,
                                @ConfigProperty(name = "deepunlearn.audit.ulira.rebuild-min-tombstones",
                                        defaultValue = "1") int rebuildMin) {
        return new ShadowPlanner(shadows, manifests, publisher, topics, count, rebuildMin);
    }

    @Produces
    @Singleton
    AuditService audit(CheckpointStore checkpoints, RequestStore requests, EvidenceStore evidence, ShadowStore shadows,
                       ShadowPlanner planner, EventPublisher publisher, Topics topics, AuditThresholds thresholds,
                       InconclusivePolicy policy, AuditorMetrics metrics,
                       @ConfigProperty(name = "deepunlearn.audit.ulira.shadows", defaultValue = "4") int count,
                       @ConfigProperty(name = "deepunlearn.audit.ulira.min-shadows", defaultValue = "2") int minShadows) {
        ShadowAudit ulira = count == 0 ? null
                : new ShadowAudit(shadows, checkpoints, planner, minShadows, thresholds.uliraFpr(), thresholds.alpha());
        return new AuditService(checkpoints, requests, evidence, publisher, topics,
                new ModelEvaluator(thresholds.alpha(), ulira), thresholds, policy, metrics);
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
