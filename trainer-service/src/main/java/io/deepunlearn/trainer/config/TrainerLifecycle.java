package io.deepunlearn.trainer.config;

import io.deepunlearn.pipeline.lifecycle.LifecycleSettings;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.trainer.service.TrainingService;
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
 * From start-up on, periodically: re-run open jobs whose runner is gone and re-create lost retrain jobs of
 * RETRAINING requests (owned models only). On SIGTERM the job in progress may finish within
 * {@code deepunlearn.shutdown.drain-timeout}; otherwise it stays RUNNING in its record and is re-run.
 */
@ApplicationScoped
public class TrainerLifecycle {

    private static final Logger LOG = Logger.getLogger(TrainerLifecycle.class);

    @Inject
    Reconciler reconciler;
    @Inject
    TrainingService training;
    @Inject
    TrainerOwnership ownership;
    @Inject
    LifecycleSettings settings;
    @Inject
    @Named("trainer-timer")
    ScheduledExecutorService timer;
    @ConfigProperty(name = "deepunlearn.shutdown.drain-timeout", defaultValue = "PT25S")
    Duration drainTimeout;

    void start(@Observes StartupEvent ignored) {
        reconciler.start(timer);
        timer.scheduleWithFixedDelay(() -> {
            try {
                training.reconcileJobs(ownership::ownsJob, settings);
            } catch (RuntimeException e) {
                LOG.warnf("job reconciler pass failed: %s", e.getMessage());
            }
        }, 0, settings.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void drain(@Observes ShutdownEvent ignored) {
        boolean finished = training.drain(drainTimeout);
        LOG.infof("training runner drained: %s", finished ? "finished" : "job abandoned (re-run by the reconciler)");
    }
}
