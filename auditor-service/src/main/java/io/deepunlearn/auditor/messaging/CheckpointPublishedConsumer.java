package io.deepunlearn.auditor.messaging;

import io.deepunlearn.auditor.ulira.ShadowPlanner;
import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads checkpoint-published (group {@code auditor-service}) to have the U-LiRA shadows of a lineage trained
 * before its first audit: an original or an exact retrain asks {@link ShadowPlanner} for a shadow generation
 * when one is due. Best effort: a record it cannot use is logged and skipped (the trainer owns this topic's dead
 * letters), and an audit without shadows still runs (and asks again).
 */
@ApplicationScoped
public class CheckpointPublishedConsumer {

    private static final Logger LOG = Logger.getLogger(CheckpointPublishedConsumer.class);

    @Inject
    ShadowPlanner planner;
    @Inject
    CheckpointStore checkpoints;

    @Incoming("checkpoint-published")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            CheckpointPublished e = EventCodec.decode(record.value(), CheckpointPublished.class,
                    CheckpointPublished.SCHEMA_VERSION);
            if (!"shadow".equals(e.kind())) {
                planner.ensure(checkpoints.manifest(e.modelId(), e.checkpoint().version()));
            }
        } catch (RuntimeException ex) { // InvalidEventException included
            LOG.warnf("checkpoint-published at %s-%d@%d not planned for shadows: %s", record.topic(), record.partition(),
                    record.offset(), ex.getMessage());
        }
    }
}
