package io.deepunlearn.auditor.messaging;

import io.deepunlearn.auditor.ulira.ShadowPlanner;
import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads checkpoint-published (group {@code auditor-service}) to have the U-LiRA shadows of a lineage trained
 * before its first audit: an original or an exact retrain asks {@link ShadowPlanner} for a shadow generation
 * when one is due (an audit without shadows still runs, and asks again). Like every consumer it goes through
 * {@link RecordGuard}: invalid records (unknown model or version, a dataset that is not the version's) go to
 * {@code <topic>.dlq} with the reason, transient failures are retried.
 */
@ApplicationScoped
public class CheckpointPublishedConsumer {

    @Inject
    ShadowPlanner planner;
    @Inject
    CheckpointStore checkpoints;
    @Inject
    RecordGuard guard;

    @Incoming("checkpoint-published")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        guard.handle(record, record.topic(), () -> {
            CheckpointPublished e = EventCodec.decode(record.value(), CheckpointPublished.class,
                    CheckpointPublished.SCHEMA_VERSION);
            if (requireKnownModel(e) && !"shadow".equals(e.kind())) {
                planner.ensure(publishedVersion(e));
            }
        });
    }

    private boolean requireKnownModel(CheckpointPublished e) {
        try {
            CheckpointStore.requireModelId(e.modelId());
        } catch (IllegalArgumentException ex) {
            throw new InvalidEventException(ex.getMessage());
        }
        if (checkpoints.latestVersion(e.modelId()).isEmpty()) {
            throw new InvalidEventException("unknown model " + e.modelId());
        }
        return true;
    }

    /** The announced version, which must be published and trained on the dataset the event names. */
    private ModelManifest publishedVersion(CheckpointPublished e) {
        String version = e.checkpoint() == null ? null : e.checkpoint().version();
        if (version == null || !checkpoints.isPublished(e.modelId(), version)) {
            throw new InvalidEventException("unknown version " + e.modelId() + "@" + version);
        }
        ModelManifest m = checkpoints.manifest(e.modelId(), version);
        if (e.datasetId() == null || !e.datasetId().equals(m.datasetId())) {
            throw new InvalidEventException("dataset " + e.datasetId() + " is not the dataset of " + e.modelId() + "@"
                    + version + " (" + m.datasetId() + ")");
        }
        return m;
    }
}
