package io.deepunlearn.auditor.messaging;

import io.deepunlearn.auditor.service.AuditRunner;
import io.deepunlearn.auditor.service.AuditService;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.fault.CrashPoints;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka adapter of the auditor (group {@code auditor-service}): parse and check the event, record its requests
 * AUDITING with the completion (what a re-drive needs), and only then acknowledge; a completion the
 * {@link io.deepunlearn.auditor.service.ReleaseGuard} refuses is dead-lettered before any request moves; the audit itself runs on the
 * {@link AuditRunner}. Invalid records go to {@code <topic>.dlq} with the reason ({@link RecordGuard}).
 */
@ApplicationScoped
public class UnlearningCompletedConsumer {

    @Inject
    AuditRunner runner;
    @Inject
    RequestLifecycle lifecycle;
    @Inject
    CheckpointStore checkpoints;
    @Inject
    RecordGuard guard;
    @Inject
    AuditService audits;

    @Incoming("unlearning-completed")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        guard.handle(record, record.topic(), () -> {
            UnlearningCompleted e = EventCodec.decode(record.value(), UnlearningCompleted.class,
                    UnlearningCompleted.SCHEMA_VERSION);
            check(e);
            // forged or replayed completions stop here, before any request is recorded AUDITING with them
            audits.admit(e);
            e.requestIds().forEach(id -> lifecycle.auditing(id, e));
            CrashPoints.reach(CrashPoints.BEFORE_ACK);
            runner.submit(e);
        });
    }

    /**
     * What can never be audited: no requests, malformed ids, unknown model or versions, requests never received or
     * another model's, samples outside the model's dataset.
     */
    private void check(UnlearningCompleted e) {
        if (e.requestIds() == null || e.requestIds().isEmpty() || e.requestIds().stream().anyMatch(id -> id == null)) {
            throw new InvalidEventException("requestIds is empty or holds null");
        }
        if (e.base() == null || e.result() == null || e.forgetSampleIds() == null
                || e.forgetSampleIds().stream().anyMatch(id -> id == null)) {
            throw new InvalidEventException("base, result and forgetSampleIds are required (no null ids)");
        }
        try {
            e.requestIds().forEach(RequestStore::requireRequestId);
            CheckpointStore.requireModelId(e.modelId());
        } catch (IllegalArgumentException ex) {
            throw new InvalidEventException(ex.getMessage());
        }
        if (checkpoints.latestVersion(e.modelId()).isEmpty()) {
            throw new InvalidEventException("unknown model " + e.modelId());
        }
        for (String v : new String[] {e.base().version(), e.result().version()}) {
            if (v == null || !checkpoints.isPublished(e.modelId(), v)) {
                throw new InvalidEventException("unknown version " + e.modelId() + "@" + v);
            }
        }
        lifecycle.requireReceived(e.modelId(), e.requestIds());
        // The base version's own pool (trained on, held out, already forgotten), as the unlearner's intake checks it:
        // a user's dataset (s3:, npy:) numbers its samples itself and maps subjects in its own files, so the dataset
        // manifest's synthetic subject map does not list them.
        var base = checkpoints.manifest(e.modelId(), e.base().version());
        String datasetId = base.datasetId();
        Set<Integer> known = new HashSet<>(base.trainSampleIds());
        known.addAll(base.heldOutSampleIds());
        known.addAll(base.forgottenSampleIds());
        List<Integer> foreign = e.forgetSampleIds().stream().filter(id -> !known.contains(id)).distinct().limit(10).toList();
        if (!foreign.isEmpty()) {
            throw new InvalidEventException("forgetSampleIds " + foreign + " are not in dataset " + datasetId
                    + " of model " + e.modelId());
        }
    }
}
