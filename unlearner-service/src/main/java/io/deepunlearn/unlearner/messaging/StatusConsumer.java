package io.deepunlearn.unlearner.messaging;

import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.unlearner.service.StatusBoard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Replays the compacted status topic into the {@link StatusBoard} (a private consumer group per instance). */
@ApplicationScoped
public class StatusConsumer {

    private static final Logger LOG = Logger.getLogger(StatusConsumer.class);

    @Inject
    StatusBoard board;

    @Incoming("request-status")
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone of the compacted topic
        }
        try {
            board.apply(EventCodec.decode(record.value(), RequestStatusChanged.class, RequestStatusChanged.SCHEMA_VERSION));
        } catch (InvalidEventException e) {
            LOG.warnf("ignoring an unreadable status record for %s: %s", record.key(), e.getMessage());
        }
    }
}
