package io.deepunlearn.trainer.config;

import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.cdi.PipelineSettings;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.trainer.metrics.TrainerMetrics;
import io.deepunlearn.pipeline.datasets.UploadedDatasets;
import io.deepunlearn.pipeline.subjects.SubjectMappingStore;
import io.deepunlearn.pipeline.subjects.SubjectPseudonymizer;
import io.deepunlearn.trainer.service.JobRunner;
import io.deepunlearn.trainer.service.JobStore;
import io.deepunlearn.trainer.service.ModelRegistration;
import io.deepunlearn.trainer.service.SubjectMappings;
import io.deepunlearn.trainer.service.TrainingService;
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

/**
 * Wires the trainer; one runner thread serialises training (one DJL gradient collector per JVM), retrains first.
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
    JobStore jobs(ObjectStore store, PipelineSettings settings) {
        return new JobStore(store, settings.buckets().models());
    }

    @Produces
    @Singleton
    TrainerOwnership ownership(Topics topics, EventPublisher publisher) {
        return new TrainerOwnership(new ModelOwnership(topics.trainingRequested(), publisher::partitions),
                new ModelOwnership(topics.retrainRequested(), publisher::partitions));
    }

    @Produces
    @Singleton
    TrainingService training(CheckpointStore checkpoints, ManifestStore manifests, TombstoneStore tombstones,
                             JobStore jobs, RequestLifecycle lifecycle, EvidenceStore evidence, ShadowStore shadows,
                             EventPublisher publisher, Topics topics, TrainerMetrics metrics,
                             @ConfigProperty(name = "deepunlearn.dataset.samples-per-subject", defaultValue = "30")
                             int samplesPerSubject) {
        if (samplesPerSubject < 1) {
            throw new IllegalArgumentException("deepunlearn.dataset.samples-per-subject must be at least 1, got "
                    + samplesPerSubject);
        }
        return new TrainingService(new TrainingService.Stores(checkpoints, manifests, tombstones, jobs, lifecycle,
                evidence, shadows), publisher, topics, metrics,
                new JobRunner("training-runner"), samplesPerSubject);
    }

    @Produces
    @Singleton
    ModelRegistration registration(CheckpointStore checkpoints, ManifestStore manifests, TombstoneStore tombstones,
                                   UploadedDatasets uploads, EventPublisher publisher, Topics topics) {
        return new ModelRegistration(checkpoints, manifests, tombstones, uploads, publisher, topics);
    }

    @Produces
    @Singleton
    SubjectMappings subjectMappings(ManifestStore manifests, SubjectMappingStore store, SubjectPseudonymizer pseudonyms) {
        return new SubjectMappings(manifests, store, pseudonyms);
    }

    @Produces
    @Singleton
    @Named("trainer-timer")
    ScheduledExecutorService timer() {
        return Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "trainer-reconciler");
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Disposes @Named("trainer-timer") ScheduledExecutorService timer) {
        timer.shutdownNow();
    }

    @Produces
    @Singleton
    Reconciler reconciler(RequestLifecycle lifecycle, TrainingService training, TrainerOwnership ownership) {
        return new Reconciler("trainer", lifecycle, ownership::ownsRetrainOf, training, Clock.systemUTC());
    }
}
