package io.deepunlearn.unlearner.config;

import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.unlearner.service.RunQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.deepunlearn.pipeline.callback.CallbackDispatcher;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Process lifecycle of the unlearner: the reconciler runs from start-up on, periodically; on SIGTERM the run in
 * progress may finish within {@code deepunlearn.shutdown.drain-timeout} (keep it below the pod's
 * terminationGracePeriodSeconds), and everything not run stays RECEIVED for the model's next owner.
 */
@ApplicationScoped
public class UnlearnerLifecycle {

    private static final Logger LOG = Logger.getLogger(UnlearnerLifecycle.class);

    @Inject
    Reconciler reconciler;
    @Inject
    RunQueue queue;
    @Inject
    CallbackDispatcher callbacks;
    @Inject
    @Named("unlearner-timer")
    ScheduledExecutorService timer;
    @ConfigProperty(name = "deepunlearn.shutdown.drain-timeout", defaultValue = "PT25S")
    Duration drainTimeout;

    void start(@Observes StartupEvent ignored) {
        reconciler.start(timer);
        callbacks.start();
    }

    void drain(@Observes ShutdownEvent ignored) {
        callbacks.close(); // a delivery cut short is repeated by the next owner (its state is durable)
        long t0 = System.nanoTime();
        int waiting = queue.size();
        boolean finished = queue.drain(drainTimeout);
        LOG.infof("drained in %d ms: %s; %d request(s) queued here stay RECEIVED for the next owner",
                (System.nanoTime() - t0) / 1_000_000, finished ? "run finished" : "run abandoned", waiting);
    }
}
