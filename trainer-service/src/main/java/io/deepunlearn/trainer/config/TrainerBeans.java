package io.deepunlearn.trainer.config;

import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.deepunlearn.trainer.metrics.TrainerMetrics;
import io.deepunlearn.trainer.service.TrainingService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the trainer; one runner thread serialises training (one DJL gradient collector per JVM).
 * {@code deepunlearn.dataset.samples-per-subject} (DEEPUNLEARN_DATASET_SAMPLES_PER_SUBJECT, default 30) sizes the
 * synthetic data subjects of new dataset manifests; the load harness uses 1 to get enough distinct subjects.
 */
@ApplicationScoped
public class TrainerBeans {

    @Produces
    @Singleton
    TrainerMetrics metrics(MeterRegistry registry) {
        return new TrainerMetrics(registry);
    }

    @Produces
    @Singleton
    TrainingService training(CheckpointStore checkpoints, ManifestStore manifests, ShadowStore shadows,
                             EventPublisher publisher, Topics topics,
                             TrainerMetrics metrics,
                             @ConfigProperty(name = "deepunlearn.dataset.samples-per-subject", defaultValue = "30")
                             int samplesPerSubject) {
        if (samplesPerSubject < 1) {
            throw new IllegalArgumentException("deepunlearn.dataset.samples-per-subject must be at least 1, got "
                    + samplesPerSubject);
        }
        return new TrainingService(checkpoints, manifests, shadows, publisher, topics, metrics,
                Executors.newSingleThreadExecutor(r -> new Thread(r, "training-runner")), samplesPerSubject);
    }
}
