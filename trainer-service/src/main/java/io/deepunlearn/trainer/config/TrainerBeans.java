package io.deepunlearn.trainer.config;

import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.trainer.metrics.TrainerMetrics;
import io.deepunlearn.trainer.service.TrainingService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;

/** Wires the trainer; one runner thread serialises training (one DJL gradient collector per JVM). */
@ApplicationScoped
public class TrainerBeans {

    @Produces
    @Singleton
    TrainerMetrics metrics(MeterRegistry registry) {
        return new TrainerMetrics(registry);
    }

    @Produces
    @Singleton
    TrainingService training(CheckpointStore checkpoints, ManifestStore manifests, EventPublisher publisher, Topics topics,
                             TrainerMetrics metrics) {
        return new TrainingService(checkpoints, manifests, publisher, topics, metrics,
                Executors.newSingleThreadExecutor(r -> new Thread(r, "training-runner")));
    }
}
