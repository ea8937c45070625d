package io.deepunlearn.trainer.messaging;

import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.PipelineEvent;
import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.trainer.service.TrainingService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka adapters of the trainer (group {@code trainer-service}): parse, delegate, acknowledge. Unreadable training
 * and retrain requests go to {@code <topic>.dlq}; forget requests are only read here (for tombstones): the
 * unlearner owns their dead letters.
 */
@ApplicationScoped
public class TrainerConsumers {

    private static final Logger LOG = Logger.getLogger(TrainerConsumers.class);

    @Inject
    TrainingService training;
    @Inject
    EventPublisher publisher;

    @Incoming("training-requests")
    @Blocking
    public void training(ConsumerRecord<String, byte[]> record) {
        handle(record, TrainingRequested.class, TrainingRequested.SCHEMA_VERSION, training::submit, true);
    }

    @Incoming("retrain-requests")
    @Blocking
    public void retrain(ConsumerRecord<String, byte[]> record) {
        handle(record, RetrainRequested.class, RetrainRequested.SCHEMA_VERSION, training::submit, true);
    }

    @Incoming("forget-tombstones")
    @Blocking
    public void tombstone(ConsumerRecord<String, byte[]> record) {
        handle(record, ForgetRequested.class, ForgetRequested.SCHEMA_VERSION, e -> training.tombstone(e), false);
    }

    private <T extends PipelineEvent> void handle(ConsumerRecord<String, byte[]> record, Class<T> type, int version,
                                                  Consumer<T> action, boolean deadLetter) {
        try {
            action.accept(EventCodec.decode(record.value(), type, version));
        } catch (InvalidEventException e) {
            LOG.warnf("unprocessable %s at %s-%d@%d: %s", type.getSimpleName(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            if (deadLetter) {
                publisher.deadLetter(record.topic(), record.key(), record.value(), record.headers(), e.getMessage());
            }
        }
    }
}
