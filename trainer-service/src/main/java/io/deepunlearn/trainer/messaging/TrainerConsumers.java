package io.deepunlearn.trainer.messaging;

import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.trainer.service.ModelRegistration;
import io.deepunlearn.trainer.service.RejectedInputException;
import io.deepunlearn.trainer.service.TrainingService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka adapters of the trainer (group {@code trainer-service}): parse, check (the REST door's rules for a training
 * spec; a shadow's lineage exists; a retrain's model, failed version and requests exist and belong together),
 * record the job durably, then acknowledge; the job runs later. {@link RecordGuard} dead-letters invalid records with the reason and retries
 * transient failures. (Tombstones are no longer read here: the request lifecycle writes them when it accepts a
 * request, so a rejected forget event can never tombstone anything.)
 */
@ApplicationScoped
public class TrainerConsumers {

    @Inject
    TrainingService training;
    @Inject
    CheckpointStore checkpoints;
    @Inject
    RecordGuard guard;
    @Inject
    RequestLifecycle lifecycle;
    @Inject
    ModelRegistration registration;

    @Incoming("training-requests")
    @Blocking
    public void training(ConsumerRecord<String, byte[]> record) {
        guard.handle(record, record.topic(), () -> {
            TrainingRequested e = EventCodec.decode(record.value(), TrainingRequested.class, TrainingRequested.SCHEMA_VERSION);
            if (e.spec() == null) {
                throw new InvalidEventException("spec is required");
            }
            ids(e.jobId(), e.modelId());
            try {
                registration.requireRunnable(e.spec());
            } catch (IllegalArgumentException | RejectedInputException ex) {
                throw new InvalidEventException(ex.getMessage());
            }
            if (e.shadow() != null && checkpoints.latestVersion(e.modelId()).isEmpty()) {
                throw new InvalidEventException("shadow of unknown model " + e.modelId());
            }
            training.submit(e);
        });
    }

    @Incoming("retrain-requests")
    @Blocking
    public void retrain(ConsumerRecord<String, byte[]> record) {
        guard.handle(record, record.topic(), () -> {
            RetrainRequested e = EventCodec.decode(record.value(), RetrainRequested.class, RetrainRequested.SCHEMA_VERSION);
            if (e.requestIds() == null || e.requestIds().isEmpty() || e.requestIds().stream().anyMatch(id -> id == null)) {
                throw new InvalidEventException("requestIds is empty or holds null");
            }
            ids(TrainingService.retrainJobId(e.modelId(), String.valueOf(e.failedVersion())), e.modelId());
            e.requestIds().forEach(id -> ids(id, e.modelId()));
            if (checkpoints.latestVersion(e.modelId()).isEmpty()) {
                throw new InvalidEventException("unknown model " + e.modelId());
            }
            if (e.failedVersion() == null || !checkpoints.isPublished(e.modelId(), e.failedVersion())) {
                throw new InvalidEventException("unknown version " + e.modelId() + "@" + e.failedVersion());
            }
            lifecycle.requireReceived(e.modelId(), e.requestIds());
            training.submit(e);
        });
    }

    private static void ids(String jobId, String modelId) {
        try {
            RequestStore.requireRequestId(jobId);
            CheckpointStore.requireModelId(modelId);
        } catch (IllegalArgumentException ex) {
            throw new InvalidEventException(ex.getMessage());
        }
    }
}
