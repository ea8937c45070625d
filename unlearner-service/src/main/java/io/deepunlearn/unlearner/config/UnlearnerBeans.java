package io.deepunlearn.unlearner.config;

import io.deepunlearn.pipeline.callback.CallbackDispatcher;
import io.deepunlearn.pipeline.callback.CallbackSettings;
import io.deepunlearn.pipeline.callback.CallbackStore;
import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.subjects.SubjectDirectory;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;
import io.deepunlearn.unlearner.service.ForgetRequestRules;
import io.deepunlearn.unlearner.service.IntakeService;
import io.deepunlearn.unlearner.service.ModelUnlearner;
import io.deepunlearn.unlearner.service.RunQueue;
import io.deepunlearn.unlearner.service.UnlearningRun;
import io.deepunlearn.unlearner.service.UnlearningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the plain service classes: rules → worker (Kafka door) → run queue → run, with no callback cycle. The
 * single-threaded runner serialises all training work (one DJL collector). The coalescing window is
 * {@code deepunlearn.coalesce-window} (DEEPUNLEARN_COALESCE_WINDOW, default PT2S).
 */
@ApplicationScoped
public class UnlearnerBeans {

    @Produces
    @Singleton
    UnlearnerMetrics metrics(MeterRegistry registry) {
        return new UnlearnerMetrics(registry);
    }

    @Produces
    @Singleton
    ForgetRequestRules rules(CheckpointStore checkpoints, UnlearnerConfig config, CallbackSettings callbacks) {
        return new ForgetRequestRules(checkpoints, config.maxSamplesPerRequest(), callbacks);
    }

    /** Calls the callback URLs of closed requests of the models this replica owns (see UnlearnerLifecycle). */
    @Produces
    @Singleton
    CallbackDispatcher callbackDispatcher(CallbackStore callbacks, RequestStore requests, CallbackSettings settings,
                                          ModelOwnership ownership) {
        return new CallbackDispatcher(callbacks, requests, settings, ownership::owns, Clock.systemUTC());
    }

    /** Models whose forget-topic partition this replica is assigned (see ForgetRebalanceListener). */
    @Produces
    @Singleton
    ModelOwnership ownership(Topics topics, EventPublisher publisher) {
        return new ModelOwnership(topics.forgetRequested(), publisher::partitions);
    }

    @Produces
    @Singleton
    IntakeService intake(CheckpointStore checkpoints, ManifestStore manifests, RequestStore requests,
                         RequestLifecycle lifecycle, ForgetRequestRules rules, EventPublisher publisher, Topics topics,
                         UnlearnerMetrics metrics, SubjectDirectory subjects, Pseudonymizer pseudonyms,
                         RequestAccess access) {
        return new IntakeService(checkpoints, manifests, requests, lifecycle, rules, publisher,
                topics.forgetRequested(), metrics, subjects, pseudonyms, access);
    }

    @Produces
    @Singleton
    @Named("unlearning-runner")
    ExecutorService runner() {
        return Executors.newSingleThreadExecutor(r -> new Thread(r, "unlearning-runner"));
    }

    /** Coalescing windows and the reconciler. */
    @Produces
    @Singleton
    @Named("unlearner-timer")
    ScheduledExecutorService timer() {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "unlearner-timer");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Disposes @Named("unlearner-timer") ScheduledExecutorService timer) {
        timer.shutdownNow();
    }

    @Produces
    @Singleton
    UnlearningRun run(CheckpointStore checkpoints, RequestLifecycle lifecycle, EventPublisher publisher, Topics topics,
                      UnlearnerMetrics metrics, UnlearnerConfig config) {
        return new UnlearningRun(checkpoints, lifecycle, publisher, topics.unlearningCompleted(), metrics,
                new ModelUnlearner(), new UnlearningRun.Settings(config.method(), config.hyperparameters().orElse(null),
                        config.seed()));
    }

    @Produces
    @Singleton
    RunQueue queue(UnlearningRun run, ModelOwnership ownership,
                   @Named("unlearning-runner") ExecutorService runner,
                   @Named("unlearner-timer") ScheduledExecutorService timer,
                   @ConfigProperty(name = "deepunlearn.coalesce-window", defaultValue = "PT2S") Duration window) {
        return new RunQueue(window, timer, runner, run::run, ownership::owns);
    }

    @Produces
    @Singleton
    UnlearningWorker worker(ForgetRequestRules rules, RequestLifecycle lifecycle, RunQueue queue, UnlearningRun run,
                            ModelOwnership ownership, UnlearnerMetrics metrics) {
        return new UnlearningWorker(rules, lifecycle, queue, run, ownership, metrics);
    }

    @Produces
    @Singleton
    Reconciler reconciler(RequestLifecycle lifecycle, UnlearningWorker worker, ModelOwnership ownership,
                          UnlearnerMetrics metrics) {
        Reconciler reconciler = new Reconciler("unlearner", lifecycle, ownership::owns, worker, Clock.systemUTC());
        metrics.watch(reconciler);
        return reconciler;
    }
}
