package io.deepunlearn.auditor.config;

import io.deepunlearn.auditor.service.AuditRunner;
import io.deepunlearn.auditor.ulira.ShadowPlanner;
import io.deepunlearn.pipeline.lifecycle.LifecycleSettings;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The reconciler and the pruning of superseded shadow generations run from start-up on; on SIGTERM the audit in progress may finish within
 * {@code deepunlearn.shutdown.drain-timeout}; queued audits stay AUDITING in their records and are re-driven.
 */
@ApplicationScoped
public class AuditorLifecycle {

    private static final Logger LOG = Logger.getLogger(AuditorLifecycle.class);

    @Inject
    Reconciler reconciler;
    @Inject
    AuditRunner runner;
    @Inject
    ShadowPlanner planner;
    @Inject
    LifecycleSettings settings;
    @Inject
    @Named("auditor-timer")
    ScheduledExecutorService timer;
    @ConfigProperty(name = "deepunlearn.shutdown.drain-timeout", defaultValue = "PT25S")
    Duration drainTimeout;

    void start(@Observes StartupEvent ignored) {
        reconciler.start(timer);
        // superseded U-LiRA shadow generations are deleted (each replica may do it: the grace makes it safe)
        timer.scheduleWithFixedDelay(planner::pruneAll, settings.reconcileInterval().toMillis(),
                settings.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void drain(@Observes ShutdownEvent ignored) {
        boolean finished = runner.drain(drainTimeout);
        LOG.infof("audit runner drained: %s", finished ? "finished" : "audit abandoned (stays AUDITING)");
    }
}
