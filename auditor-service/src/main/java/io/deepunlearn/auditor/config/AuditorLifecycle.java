package io.deepunlearn.auditor.config;

import io.deepunlearn.auditor.service.AuditRunner;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The reconciler runs from start-up on; on SIGTERM the audit in progress may finish within
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
    @Named("auditor-timer")
    ScheduledExecutorService timer;
    @ConfigProperty(name = "deepunlearn.shutdown.drain-timeout", defaultValue = "PT25S")
    Duration drainTimeout;

    void start(@Observes StartupEvent ignored) {
        reconciler.start(timer);
    }

    void drain(@Observes ShutdownEvent ignored) {
        boolean finished = runner.drain(drainTimeout);
        LOG.infof("audit runner drained: %s", finished ? "finished" : "audit abandoned (stays AUDITING)");
    }
}
