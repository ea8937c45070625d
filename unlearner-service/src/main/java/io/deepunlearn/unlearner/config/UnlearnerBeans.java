package io.deepunlearn.unlearner.config;

import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;
import io.deepunlearn.unlearner.service.Coalescer;
import io.deepunlearn.unlearner.service.IntakeService;
import io.deepunlearn.unlearner.service.ModelUnlearner;
import io.deepunlearn.unlearner.service.StatusBoard;
import io.deepunlearn.unlearner.service.StatusReporter;
import io.deepunlearn.unlearner.service.UnlearningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Wires the plain service classes; the single-threaded runner serialises all training work (one DJL collector).
 * The coalescing window is {@code deepunlearn.coalesce-window} (DEEPUNLEARN_COALESCE_WINDOW, default PT2S). */
@ApplicationScoped
public class UnlearnerBeans {

    @Produces
    @Singleton
    StatusBoard board() {
        return new StatusBoard();
    }

    @Produces
    @Singleton
    UnlearnerMetrics metrics(MeterRegistry registry, StatusBoard board) {
        return new UnlearnerMetrics(registry, board);
    }

    @Produces
    @Singleton
    StatusReporter reporter(EventPublisher publisher, Topics topics, StatusBoard board) {
        return new StatusReporter(publisher, topics.requestStatus(), board);
    }

    @Produces
    @Singleton
    IntakeService intake(CheckpointStore checkpoints, ManifestStore manifests, RequestStore requests,
                         EventPublisher publisher, Topics topics, StatusReporter reporter, UnlearnerMetrics metrics,
                         UnlearnerConfig config, Pseudonymizer pseudonyms, RequestAccess access) {
        return new IntakeService(checkpoints, manifests, requests, publisher, topics.forgetRequested(), reporter, metrics,
                config.maxSamplesPerRequest(), pseudonyms, access);
    }

    @Produces
    @Singleton
    @Named("unlearning-runner")
    ExecutorService runner() {
        return Executors.newSingleThreadExecutor(r -> new Thread(r, "unlearning-runner"));
    }

    @Produces
    @Singleton
    @Named("coalescer-timer")
    ScheduledExecutorService timer() {
        return Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "coalescer-timer"));
    }

    void stop(@Disposes @Named("unlearning-runner") ExecutorService runner) {
        runner.shutdownNow();
    }

    void stop(@Disposes @Named("coalescer-timer") ScheduledExecutorService timer) {
        timer.shutdownNow();
    }

    @Produces
    @Singleton
    UnlearningWorker worker(CheckpointStore checkpoints, RequestStore requests, EventPublisher publisher, Topics topics,
                            StatusReporter reporter, UnlearnerMetrics metrics, UnlearnerConfig config,
                            @Named("unlearning-runner") ExecutorService runner,
                            @Named("coalescer-timer") ScheduledExecutorService timer,
                            @ConfigProperty(name = "deepunlearn.coalesce-window", defaultValue = "PT2S") Duration window) {
        UnlearningWorker worker = new UnlearningWorker(checkpoints, requests, publisher, topics.unlearningCompleted(),
                reporter, metrics, new ModelUnlearner(),
                new UnlearningWorker.Settings(config.method(),
                        config.hyperparameters().orElse(null), config.seed(),
                        config.maxSamplesPerRequest()), runner);
        worker.attach(new Coalescer<ForgetRequested>(window, timer, worker::enqueue));
        return worker;
    }
}
