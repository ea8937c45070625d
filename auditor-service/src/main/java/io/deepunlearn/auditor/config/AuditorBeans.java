package io.deepunlearn.auditor.config;

import io.deepunlearn.auditor.metrics.AuditorMetrics;
import io.deepunlearn.auditor.service.AuditRunner;
import io.deepunlearn.auditor.service.AuditService;
import io.deepunlearn.auditor.service.AuditThresholds;
import io.deepunlearn.auditor.service.InconclusivePolicy;
import io.deepunlearn.auditor.service.ModelEvaluator;
import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.auditor.ulira.ShadowAudit;
import io.deepunlearn.auditor.ulira.ShadowPlanner;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.ShadowStore;
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

/** Wires the auditor: thresholds and the inconclusive policy from config, the attacks, one audit runner thread and the reconciler. */
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
    ShadowPlanner shadowPlanner(ShadowStore shadows, TombstoneStore tombstones, EventPublisher publisher, Topics topics,
                                @ConfigProperty(name = "deepunlearn.audit.ulira.shadows", defaultValue = "4") int count,
                                @ConfigProperty(name = "deepunlearn.audit.ulira.rebuild-min-tombstones",
                                        defaultValue = "1") int rebuildMin,
                                @ConfigProperty(name = "deepunlearn.audit.ulira.superseded-grace",
                                        defaultValue = "PT10M") java.time.Duration supersededGrace) {
        return new ShadowPlanner(shadows, tombstones, publisher, topics, count, rebuildMin, supersededGrace,
                Clock.systemUTC());
    }

    @Produces
    @Singleton
    AuditService audit(CheckpointStore checkpoints, RequestLifecycle lifecycle, EvidenceStore evidence,
                       ShadowStore shadows, ShadowPlanner planner, EventPublisher publisher, Topics topics,
                       AuditThresholds thresholds, InconclusivePolicy policy, AuditorMetrics metrics,
                       Pseudonymizer pseudonyms,
                       @ConfigProperty(name = "deepunlearn.audit.ulira.shadows", defaultValue = "4") int count,
                       @ConfigProperty(name = "deepunlearn.audit.ulira.min-shadows", defaultValue = "2") int minShadows) {
        ShadowAudit ulira = count == 0 ? null
                : new ShadowAudit(shadows, planner, minShadows, thresholds.uliraFpr(), thresholds.checkAlpha());
        return new AuditService(checkpoints, lifecycle, evidence, publisher, topics,
                new ModelEvaluator(thresholds.checkAlpha(), ulira), thresholds, policy, metrics, pseudonyms);
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
